#include "analyzer/commands/rules_options.h"

namespace kubeproof {

std::vector<OptionSpec> RulesOptions() {
  return {
      {"rules", true, false, "directory of rule files (default: the installed ones)", "DIR"},
      {"benchmark", true, false, std::string("benchmark to evaluate (default ") + kDefaultBenchmarkId + ")", "ID"},
      {"k8s-version", true, false, "Kubernetes version to assume where the evidence shows none", "V"},
  };
}

Result<LoadedRules> LoadRules(const Arguments& args) {
  std::optional<std::filesystem::path> override_dir;
  if (auto dir = args.Get("rules")) override_dir = *dir;
  std::filesystem::path dir = RulesDirectory(override_dir);
  auto benchmark = LoadBenchmark(dir, args.Get("benchmark").value_or(kDefaultBenchmarkId));
  if (!benchmark.ok()) return benchmark.status();
  auto components = LoadComponentCatalog(dir / "components");
  if (!components.ok()) return components.status();
  LoadedRules rules{std::move(*benchmark), std::move(*components), {}};
  rules.evaluation.kubernetes_version = args.Get("k8s-version");
  return rules;
}

}  // namespace kubeproof
