#include "analyzer/bundle/trust_store.h"

#include <algorithm>
#include <filesystem>

#include "analyzer/documents/rule_files.h"
#include "common/key_files.h"

namespace kubeproof {
namespace {

constexpr std::size_t kMaxTrustFileBytes = 1 << 20;

Status AddKeyFile(const std::filesystem::path& path, std::set<std::string>* fingerprints) {
  auto text = ReadWholeFile(path, kMaxTrustFileBytes);
  if (!text.ok()) return text.status();
  auto keys = ParsePublicKeys(*text);
  if (!keys.ok()) return keys.status().WithContext(path.string());
  for (const PublicKey& key : *keys) fingerprints->insert(Fingerprint(key));
  return Status::Ok();
}

}  // namespace

Result<TrustStore> TrustStore::Load(const std::vector<std::string>& paths) {
  TrustStore store;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      if (ec) return Status::IoError(path + ": " + ec.message());
      std::sort(files.begin(), files.end());
      if (files.empty()) return Status::InvalidArgument(path + ": no key file in the directory");
      for (const auto& file : files) {
        if (Status s = AddKeyFile(file, &store.fingerprints_); !s.ok()) return s;
      }
    } else if (Status s = AddKeyFile(path, &store.fingerprints_); !s.ok()) {
      return s;
    }
  }
  return store;
}

Result<SignatureTrust> JudgeSigner(const std::optional<BundleSigner>& signer,
                                   const TrustPolicy& policy) {
  if (!signer) {
    if (policy.require_signed) return Status::Corrupt("unsigned, and --require-signed is given");
    return SignatureTrust::kUnsigned;
  }
  if (policy.trusted.Trusts(signer->fingerprint)) return SignatureTrust::kSignedTrusted;
  if (policy.require_signed) {
    return Status::Corrupt("signed by " + signer->fingerprint +
                           ", which is not among the trusted keys (--trust)");
  }
  return SignatureTrust::kSignedUntrusted;
}

}  // namespace kubeproof
