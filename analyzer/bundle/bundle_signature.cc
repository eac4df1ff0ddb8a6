#include "analyzer/bundle/bundle_signature.h"

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/documents/json_document.h"
#include "common/base64.h"
#include "common/bundle_layout.h"
#include "common/key_files.h"

namespace kubeproof {
namespace {

const std::string kMember(bundle::kSignatureMember);

}  // namespace

Result<SignatureFields> ReadSignatureFields(const nlohmann::json& doc, std::string_view format, int format_version) {
  auto text_field = [&](const char* name) -> std::optional<std::string> {
    auto it = doc.is_object() ? doc.find(name) : doc.end();
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (text_field("format") != std::string(format)) {
    return Status::Corrupt("not a " + std::string(format) + " file (format field)");
  }
  auto version = doc.find("format_version");
  if (version == doc.end() || !version->is_number_integer() || *version != format_version) {
    return Status::Unsupported("signature format version not supported");
  }
  if (text_field("algorithm") != std::string("ed25519")) return Status::Unsupported("algorithm is not ed25519");
  auto public_key = text_field("public_key");
  auto fingerprint = text_field("fingerprint");
  auto encoded = text_field("signature");
  if (!public_key || !fingerprint || !encoded) return Status::Corrupt("public_key, fingerprint or signature missing");
  auto keys = ParsePublicKeys(*public_key);
  if (!keys.ok() || keys->size() != 1) return Status::Corrupt("public_key is not one ssh-ed25519 key");
  SignatureFields fields{{keys->front(), Fingerprint(keys->front())}, {}};
  if (fields.signer.fingerprint != *fingerprint) return Status::Corrupt("fingerprint does not match public_key");
  auto decoded = Base64Decode(*encoded);
  if (!decoded || decoded->size() != 64) return Status::Corrupt("signature is not 64 bytes of base64");
  fields.signature = std::move(*decoded);
  return fields;
}

Result<std::optional<BundleSigner>> CheckBundleSignature(
    const std::optional<std::string>& signature_member, const std::string& sums,
    const nlohmann::json& manifest) {
  std::optional<std::string> named;
  if (auto it = manifest.find("signed_by"); it != manifest.end()) {
    if (!it->is_string()) return Status::Corrupt("manifest.json: signed_by is not a string");
    named = it->get<std::string>();
  }
  if (!signature_member) {
    if (named)
      return Status::Corrupt("manifest.json says " + *named + " signed it, but " + kMember +
                             " is missing");
    return std::optional<BundleSigner>();
  }
  auto parsed = ParseJsonDocument(*signature_member, BundleJsonLimits());
  if (!parsed.ok()) return parsed.status().WithContext(kMember);
  auto fields = ReadSignatureFields(*parsed, bundle::kSignatureFormatName, bundle::kSignatureFormatVersion);
  if (!fields.ok()) return fields.status().WithContext(kMember);
  BundleSigner* signer = &fields->signer;
  if (!VerifySignature(signer->key, std::string(bundle::kSignedMessagePrefix) + sums, fields->signature)) {
    return Status::Corrupt(kMember +
                           ": the signature does not match SHA256SUMS (changed after signing)");
  }
  if (named != signer->fingerprint) {
    return Status::Corrupt(kMember + " is signed by " + signer->fingerprint +
                           ", but manifest.json names " +
                           (named ? *named : std::string("no signer")));
  }
  return std::optional<BundleSigner>(std::move(*signer));
}

}  // namespace kubeproof
