#include <iostream>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "analyzer/commands/bundle_options.h"
#include "analyzer/commands/command.h"

namespace kubeproof {

int RunVerify(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = ArchiveLimitOptions();
  specs.push_back({"help", false, false, "show this help"});
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("verify", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof verify [flags] BUNDLE|DIR...\n\n"
                 "Checks each bundle's archive, SHA256SUMS, manifest and evidence members; prints\n"
                 "'OK' or the reason it was refused. Writes nothing.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  ArchiveLimits limits;
  if (Status s = ApplyArchiveLimits(*args, &limits); !s.ok()) return Fail("verify", s.message(), kExitUsage);
  if (args->positional().empty()) return Fail("verify", "no bundle given", kExitUsage);
  auto paths = ExpandBundlePaths(args->positional());
  if (!paths.ok()) return Fail("verify", paths.status().message(), kExitUsage);
  int rejected = 0;
  for (const auto& path : *paths) {
    auto bundle = ReadVerifiedBundle(path, limits);
    Status status = bundle.ok() ? ParseEvidence(*bundle).status() : bundle.status();
    if (status.ok()) {
      std::cout << path << ": OK\n";
    } else {
      ++rejected;
      std::cout << path << ": REFUSED: " << status.message() << "\n";
    }
  }
  return rejected == 0 ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
