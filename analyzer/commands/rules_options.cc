#include "analyzer/commands/rules_options.h"

#include <algorithm>
#include <regex>

#include "analyzer/commands/command.h"

namespace kubeproof {
namespace {

// 1.MINOR, with an optional leading v, .PATCH and -/+ suffix: "1.20", "v1.20.4", "v1.24.4+k3s1".
bool IsKubernetesVersion(const std::string& text) {
  static const std::regex kForm(R"(v?1\.[0-9]{1,4}(\.[0-9]{1,6})?([-+][0-9A-Za-z.+-]{1,64})?)");
  return std::regex_match(text, kForm);
}

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

}  // namespace

std::vector<OptionSpec> RulesOptions() {
  return {
      {"rules", true, false, "directory of rule files (default: the installed ones)", "DIR"},
      {"benchmark", true, false,
       "benchmarks to evaluate: ID[,ID...], all, or auto (default: per node, the one whose Kubernetes range holds the node's version)",
       "ID"},
      {"k8s-version", true, false,
       "Kubernetes version of every node, overriding the evidence: 1.MINOR, e.g. 1.20 or v1.20.4", "V"},
  };
}

Status CheckRulesFlags(const Arguments& args) {
  if (auto v = args.Get("k8s-version"); v && !IsKubernetesVersion(*v)) {
    return Status::InvalidArgument("--k8s-version: '" + *v + "' is not a Kubernetes version; give 1.MINOR, e.g. 1.20 or v1.20.4");
  }
  return ParseBenchmarkRequest(args.Get("benchmark")).status();
}

Result<LoadedRules> LoadRules(const Arguments& args) {
  std::optional<std::filesystem::path> override_dir;
  if (auto dir = args.Get("rules")) override_dir = *dir;
  std::filesystem::path dir = RulesDirectory(override_dir);
  auto request = ParseBenchmarkRequest(args.Get("benchmark"));
  if (!request.ok()) return request.status();
  auto installed = ListBenchmarks(dir);
  if (!installed.ok()) return installed.status();
  std::vector<std::string> ids = *installed;
  if (request->kind == BenchmarkRequest::Kind::kListed) {
    for (const auto& id : request->ids) {
      if (std::find(installed->begin(), installed->end(), id) == installed->end()) {
        return Status::NotFound("--benchmark: no benchmark '" + id + "' in " + dir.string() + " (installed: " + Join(*installed) + ")");
      }
    }
    ids = request->ids;
  }
  if (ids.empty()) return Status::NotFound("no benchmark installed in " + dir.string());
  auto catalogs = LoadRuleCatalogs(dir);
  if (!catalogs.ok()) return catalogs.status();
  LoadedRules loaded;
  loaded.rules.request = std::move(*request);
  for (const auto& id : ids) {
    auto benchmark = LoadBenchmark(dir, id, *catalogs);
    if (!benchmark.ok()) return benchmark.status();
    loaded.rules.benchmarks.push_back(std::move(*benchmark));
  }
  loaded.components = catalogs->components;
  loaded.rules.evaluation.kubernetes_version = args.Get("k8s-version");
  return loaded;
}

int RulesExit(const Status& error) { return error.code() == Status::Code::kNotFound ? kExitUsage : kExitError; }

std::string RequestWords(const RuleSet& rules) {
  if (rules.request.kind == BenchmarkRequest::Kind::kAuto) return "the benchmark chosen per node";
  std::vector<std::string> ids;
  for (const auto& b : rules.benchmarks) ids.push_back(b.id);
  return Join(ids);
}

}  // namespace kubeproof
