#include <iostream>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "analyzer/commands/bundle_options.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/trust_options.h"

namespace kubeproof {

int RunVerify(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = ArchiveLimitOptions();
  for (auto& s : TrustOptions()) specs.push_back(s);
  specs.push_back({"help", false, false, "show this help"});
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("verify", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof verify [flags] BUNDLE|DIR...\n\n"
                 "Checks each bundle's archive, SHA256SUMS, signature, manifest and evidence members;\n"
                 "prints 'OK' and who signed it, or the reason it was refused. A signature that does not\n"
                 "match is always refused; --require-signed also refuses unsigned bundles and keys\n"
                 "--trust does not name. Writes nothing. Exit 0 when every bundle is OK, 1 when one was\n"
                 "refused, 2 for a bad command line.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  ArchiveLimits limits;
  if (Status s = ApplyArchiveLimits(*args, &limits); !s.ok()) return Fail("verify", s.message(), kExitUsage);
  auto policy = LoadTrustPolicy(*args);
  if (!policy.ok()) return Fail("verify", policy.status().message(), kExitUsage);
  if (args->positional().empty()) return Fail("verify", "no bundle given", kExitUsage);
  auto paths = ExpandBundlePaths(args->positional());
  if (!paths.ok()) return Fail("verify", paths.status().message(), kExitUsage);
  int rejected = 0;
  for (const auto& path : *paths) {
    auto bundle = ReadVerifiedBundle(path, limits);
    Status status = bundle.ok() ? ParseEvidence(*bundle).status() : bundle.status();
    Result<SignatureTrust> trust = SignatureTrust::kUnsigned;
    if (status.ok()) {
      trust = JudgeSigner(bundle->signer, *policy);
      status = trust.status();
    }
    if (status.ok()) {
      std::cout << path << ": OK (" << DescribeSignature(bundle->signer, *trust) << ")\n";
    } else {
      ++rejected;
      std::cout << path << ": REFUSED: " << status.message() << "\n";
    }
  }
  return rejected == 0 ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
