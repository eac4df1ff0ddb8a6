#include <iostream>
#include <map>

#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"

namespace kubeproof {

int RunBenchmarks(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {{"rules", true, false, "directory of rule files (default: the installed ones)", "DIR"},
                                   {"help", false, false, "show this help"}};
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("benchmarks", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof benchmarks [--rules DIR]\n\nLists the installed benchmarks with their checks per section.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  std::optional<std::filesystem::path> override_dir;
  if (auto dir = args->Get("rules")) override_dir = *dir;
  std::filesystem::path dir = RulesDirectory(override_dir);
  auto ids = ListBenchmarks(dir);
  if (!ids.ok()) return Fail("benchmarks", ids.status().message(), kExitError);
  for (const auto& id : *ids) {
    auto benchmark = LoadBenchmark(dir, id);
    if (!benchmark.ok()) return Fail("benchmarks", benchmark.status().message(), kExitError);
    std::map<std::string, std::pair<int, int>> counts;  // section -> (checks, manual)
    for (const auto& c : benchmark->checks) {
      counts[c.section].first++;
      if (!c.automated) counts[c.section].second++;
    }
    std::cout << benchmark->id << "  " << benchmark->title << "  (" << benchmark->checks.size() << " checks)\n";
    for (const auto& section : benchmark->sections) {
      auto [checks, manual] = counts[section.id];
      std::string id_col = section.id;
      id_col.resize(6, ' ');
      std::cout << "  " << id_col << checks << " checks" << (manual ? " (" + std::to_string(manual) + " manual)" : "")
                << "  " << section.title << "\n";
    }
  }
  return kExitOk;
}

}  // namespace kubeproof
