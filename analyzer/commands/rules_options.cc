#include "analyzer/commands/rules_options.h"

#include <regex>

namespace kubeproof {
namespace {

// 1.MINOR, with an optional leading v, .PATCH and -/+ suffix: "1.20", "v1.20.4", "v1.24.4+k3s1".
bool IsKubernetesVersion(const std::string& text) {
  static const std::regex kForm(R"(v?1\.[0-9]{1,4}(\.[0-9]{1,6})?([-+][0-9A-Za-z.+-]{1,64})?)");
  return std::regex_match(text, kForm);
}

}  // namespace

std::vector<OptionSpec> RulesOptions() {
  return {
      {"rules", true, false, "directory of rule files (default: the installed ones)", "DIR"},
      {"benchmark", true, false, std::string("benchmark to evaluate (default ") + kDefaultBenchmarkId + ")", "ID"},
      {"k8s-version", true, false, "Kubernetes version to assume where the evidence shows none: 1.MINOR, e.g. 1.20 or v1.20.4", "V"},
  };
}

Status CheckRulesFlags(const Arguments& args) {
  if (auto v = args.Get("k8s-version"); v && !IsKubernetesVersion(*v)) {
    return Status::InvalidArgument("--k8s-version: '" + *v + "' is not a Kubernetes version; give 1.MINOR, e.g. 1.20 or v1.20.4");
  }
  return Status::Ok();
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
