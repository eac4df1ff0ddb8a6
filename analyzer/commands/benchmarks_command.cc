#include <algorithm>
#include <iostream>
#include <map>

#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/rules/example_run.h"

namespace kubeproof {
namespace {

void PrintBenchmark(const Benchmark& benchmark) {
  std::map<std::string, std::pair<int, int>> counts;  // section -> (checks, manual)
  for (const auto& c : benchmark.checks) {
    counts[c.section].first++;
    if (!c.automated) counts[c.section].second++;
  }
  const PlatformSpec* platform = benchmark.platforms ? benchmark.platforms->Find(benchmark.platform) : nullptr;
  std::string platform_words = platform ? platform->title + " nodes" : "any platform without its own benchmark";
  std::cout << benchmark.id << "  " << benchmark.title << "  (Kubernetes " << benchmark.KubernetesRange() << "; "
            << platform_words << "; " << benchmark.checks.size() << " checks)\n";
  for (const auto& section : benchmark.sections) {
    auto [checks, manual] = counts[section.id];
    std::string id_col = section.id;
    id_col.resize(6, ' ');
    std::cout << "  " << id_col << checks << " checks" << (manual ? " (" + std::to_string(manual) + " manual)" : "")
              << "  " << section.title << "\n";
  }
}

// Runs the benchmark's examples; false when a verdict or the coverage differs from them.
Result<bool> CheckExamples(const std::filesystem::path& dir, const Benchmark& benchmark) {
  auto examples = LoadCheckExamples(dir, benchmark);
  if (!examples.ok()) return examples.status();
  ExampleOutcome outcome = RunCheckExamples(benchmark, *examples);
  for (const auto& m : outcome.mismatches) std::cout << "mismatch: " << m << "\n";
  for (const auto& u : outcome.uncovered) std::cout << "uncovered: " << u << "\n";
  std::cout << benchmark.id << ": " << outcome.examples << " examples, " << outcome.mismatches.size()
            << " mismatches, " << outcome.uncovered.size() << " gaps in coverage\n";
  return outcome.mismatches.empty() && outcome.uncovered.empty();
}

}  // namespace

int RunBenchmarks(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {
      {"rules", true, false, "directory of rule files (default: the installed ones)", "DIR"},
      {"benchmark", true, false, "only this benchmark", "ID"},
      {"examples", false, false, "run every check's examples; exit 1 when a verdict differs or a check lacks one"},
      {"help", false, false, "show this help"}};
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("benchmarks", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof benchmarks [--rules DIR] [--benchmark ID] [--examples]\n\n"
                 "Lists the installed benchmarks, the Kubernetes versions and platform each was written for\n"
                 "and their checks per section. With --examples, evaluates\n"
                 "each check on the evidence its examples give and compares the verdicts.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  std::optional<std::filesystem::path> override_dir;
  if (auto dir = args->Get("rules")) override_dir = *dir;
  std::filesystem::path dir = RulesDirectory(override_dir);
  auto ids = ListBenchmarks(dir);
  if (!ids.ok()) return Fail("benchmarks", ids.status().message(), kExitError);
  if (auto only = args->Get("benchmark")) {
    if (std::find(ids->begin(), ids->end(), *only) == ids->end()) {
      return Fail("benchmarks", "no benchmark '" + *only + "' in " + dir.string(), kExitUsage);
    }
    *ids = {*only};
  }
  auto catalogs = LoadRuleCatalogs(dir);
  if (!catalogs.ok()) return Fail("benchmarks", catalogs.status().message(), kExitError);
  bool agree = true;
  for (const auto& id : *ids) {
    auto benchmark = LoadBenchmark(dir, id, *catalogs);
    if (!benchmark.ok()) return Fail("benchmarks", benchmark.status().message(), kExitError);
    if (!args->Has("examples")) {
      PrintBenchmark(*benchmark);
      continue;
    }
    auto ok = CheckExamples(dir, *benchmark);
    if (!ok.ok()) return Fail("benchmarks", ok.status().message(), kExitError);
    agree = agree && *ok;
  }
  return agree ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
