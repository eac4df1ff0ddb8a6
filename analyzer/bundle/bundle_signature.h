// A bundle's signature member, SHA256SUMS.sig (schema/FORMAT.md): read, checked against
// SHA256SUMS and the manifest's signer. Whether the key is trusted is trust_store.h's question.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

struct BundleSigner {
  PublicKey key;
  std::string fingerprint;  // "SHA256:…", as ssh-keygen -l prints it
};

// The fields a bundle's and a report's signature files share: `format` and `format_version`,
// `algorithm` "ed25519", the signer's `public_key` and `fingerprint` (which must agree), and the
// 64-byte `signature`.
struct SignatureFields {
  BundleSigner signer;
  std::string signature;  // raw bytes
};
Result<SignatureFields> ReadSignatureFields(const nlohmann::json& doc, std::string_view format, int format_version);

// `signature_member` is SHA256SUMS.sig's text when the bundle has one. Refuses a signature that
// does not verify over `sums`, and a bundle whose manifest ("signed_by") and signature member
// disagree about who signed it, or whether anyone did: a stripped signature is refused here.
// Returns nullopt for a bundle that is unsigned and says so.
Result<std::optional<BundleSigner>> CheckBundleSignature(
    const std::optional<std::string>& signature_member, const std::string& sums,
    const nlohmann::json& manifest);

}  // namespace kubeproof
