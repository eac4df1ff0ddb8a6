// Benchmark: one benchmark version loaded from its rule files (schema/RULES.md), and where the
// installed rule files are found.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/rules/platform_catalog.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/settings/distribution_spec.h"
#include "common/status.h"

namespace kubeproof {

struct Test;  // a check's test tree, defined in rules/test.h

struct SectionInfo {
  std::string id;     // "1.1"
  std::string title;  // our words
};

struct CheckDefinition {
  std::string id;        // "4.2.1", the benchmark's own id
  std::string section;   // "4.2"
  std::string title;     // our words
  bool scored = true;
  bool automated = true;  // false: MANUAL, no automatable evidence
  std::string component;  // kube-apiserver, kubelet, etcd, ... or "node" for node-wide files
  std::string expected;   // the expected value in words
  std::string remediation;
  std::string audit;  // manual checks: where an auditor judges it instead of the node's evidence
  std::shared_ptr<const Test> test;  // null for manual checks
};

struct Benchmark {
  std::string id;     // "cis-1.6.0"
  std::string title;  // "CIS Kubernetes Benchmark v1.6.0"
  std::string assumed_kubernetes;  // "1.18": version assumed for defaults when the evidence shows none
  // The managed platform it is written for ("eks"), chosen for that platform's nodes; empty:
  // the generic benchmark, chosen by version for every other node.
  std::string platform;
  // The Kubernetes minor versions the benchmark was written for (`kubernetes: "1.16-1.18"`).
  int first_minor = 0;
  int last_minor = 0;
  std::vector<SectionInfo> sections;
  std::vector<CheckDefinition> checks;
  // The components/*.yaml facts shared by every benchmark under the same rules directory.
  std::shared_ptr<const ComponentCatalog> components;
  // The distributions/*.yaml facts: what k3s passes the components it runs in-process.
  std::shared_ptr<const DistributionCatalog> distributions;
  // The platforms/*.yaml facts: how a node shows it is EKS, AKS, GKE, k3s, RKE2 or kubeadm.
  std::shared_ptr<const PlatformCatalog> platforms;

  const SectionInfo* FindSection(const std::string& id) const;
  // "1.32-1.34", or "1.18" for a single version.
  std::string KubernetesRange() const;
  bool Covers(int minor) const { return minor >= first_minor && minor <= last_minor; }
  const CheckDefinition* FindCheck(const std::string& id) const;
};

// Where rule files live: `--rules DIR`, else $KUBEPROOF_RULES, else share/kubeproof/benchmarks
// beside the program's bin/ directory.
std::filesystem::path RulesDirectory(const std::optional<std::filesystem::path>& override_dir);

// The facts every benchmark under one rules directory shares, loaded once for all of them.
struct RuleCatalogs {
  std::shared_ptr<const ComponentCatalog> components;        // components/
  std::shared_ptr<const DistributionCatalog> distributions;  // distributions/
  std::shared_ptr<const PlatformCatalog> platforms;          // platforms/
};

Result<RuleCatalogs> LoadRuleCatalogs(const std::filesystem::path& rules_dir);

// Loads <rules_dir>/<benchmark_id>/ on `catalogs`. Errors name the file, the check id and the
// offending key.
Result<Benchmark> LoadBenchmark(const std::filesystem::path& rules_dir, const std::string& benchmark_id,
                                const RuleCatalogs& catalogs);

// The same with the rules directory's catalogs loaded for this benchmark alone.
Result<Benchmark> LoadBenchmark(const std::filesystem::path& rules_dir, const std::string& benchmark_id);

// The ids of every benchmark installed under rules_dir, sorted.
Result<std::vector<std::string>> ListBenchmarks(const std::filesystem::path& rules_dir);

}  // namespace kubeproof
