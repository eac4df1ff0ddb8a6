// The public keys an auditor trusts to sign bundles and reports (--trust FILE|DIR), and the
// decision each bundle gets under them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/bundle/bundle_signature.h"
#include "common/status.h"

namespace kubeproof {

class TrustStore {
 public:
  // Each path is a key file or a directory whose regular files are all key files (key_files.h:
  // OpenSSH lines or PEM public keys). A file holding anything else is an error naming it.
  static Result<TrustStore> Load(const std::vector<std::string>& paths);

  bool empty() const { return fingerprints_.empty(); }
  std::size_t size() const { return fingerprints_.size(); }
  bool Trusts(const std::string& fingerprint) const {
    return fingerprints_.count(fingerprint) != 0;
  }

 private:
  std::set<std::string> fingerprints_;
};

// What was made of a bundle's signature.
enum class SignatureTrust { kUnsigned, kSignedUntrusted, kSignedTrusted };

struct TrustPolicy {
  TrustStore trusted;
  bool require_signed = false;  // refuse unsigned bundles and keys not in `trusted`
};

// The bundle's standing under `policy`; under require_signed an unsigned bundle or an untrusted
// key is refused (Status::Corrupt naming the key).
Result<SignatureTrust> JudgeSigner(const std::optional<BundleSigner>& signer,
                                   const TrustPolicy& policy);

}  // namespace kubeproof
