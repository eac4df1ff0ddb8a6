#include "analyzer/commands/trust_options.h"

namespace kubeproof {

std::vector<OptionSpec> TrustOptions() {
  return {
      {"trust", true, true,
       "public keys trusted to sign: a file of ssh-ed25519 lines or PEM public keys, or a "
       "directory of such files",
       "FILE|DIR"},
      {"require-signed", false, false,
       "refuse bundles that are unsigned or signed by a key --trust does not name"},
  };
}

Result<TrustPolicy> LoadTrustPolicy(const Arguments& args) {
  TrustPolicy policy;
  policy.require_signed = args.Has("require-signed");
  const std::vector<std::string> paths = args.GetAll("trust");
  if (policy.require_signed && paths.empty()) {
    return Status::InvalidArgument(
        "--require-signed needs --trust FILE|DIR: the keys a signature must come from");
  }
  auto store = TrustStore::Load(paths);
  if (!store.ok()) return Status::InvalidArgument("--trust " + store.status().message());
  policy.trusted = std::move(*store);
  return policy;
}

std::string DescribeSignature(const std::optional<BundleSigner>& signer, SignatureTrust trust) {
  switch (trust) {
    case SignatureTrust::kUnsigned:
      return "unsigned";
    case SignatureTrust::kSignedTrusted:
      return "signed by " + signer->fingerprint + ", trusted";
    case SignatureTrust::kSignedUntrusted:
      break;
  }
  return "signed by " + signer->fingerprint + ", key not trusted";
}

}  // namespace kubeproof
