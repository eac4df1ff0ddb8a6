#include "tests/support/temp_rules.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>

#include "analyzer/rules/evaluator.h"

namespace kubeproof::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEtcd =
    "component: etcd\n"
    "flag_syntax: go-flag\n"
    "static_pod_manifests: [/etc/kubernetes/manifests/etcd.yaml]\n"
    "flags:\n"
    "  data-dir: {type: string}\n"
    "  trusted-ca-file: {type: string}\n";

constexpr const char* kApiServer =
    "component: kube-apiserver\n"
    "flags:\n"
    "  client-ca-file: {type: string}\n"
    "  enable-admission-plugins: {type: list}\n"
    "  disable-admission-plugins: {type: list}\n"
    "  admission-control: {type: list}\n"
    "  audit-log-maxage: {type: int}\n"
    "  request-timeout: {type: duration}\n"
    "admission_plugins:\n"
    "  legacy_flag: admission-control\n"
    "  default_enabled:\n"
    "    - {versions: \"1.16-\", plugins: [NamespaceLifecycle, ServiceAccount]}\n";

std::atomic<int> counter{0};

}  // namespace

const char* const kTestBenchHeader =
    "id: test-bench\n"
    "title: Test benchmark\n"
    "kubernetes: \"1.16-1.18\"\n"
    "assumed_kubernetes: \"1.18\"\n"
    "sections:\n"
    "  - {id: \"1.1\", title: Files}\n"
    "  - {id: \"1.2\", title: Settings}\n";

TempRules::TempRules(const std::string& checks) {
  dir_ = fs::temp_directory_path() / ("kubeproof-rules-" + std::to_string(counter++) + "-" +
                                      std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  fs::create_directories(dir_ / "components");
  fs::create_directories(dir_ / "test-bench");
  Write("components/etcd.yaml", kEtcd);
  Write("components/kube-apiserver.yaml", kApiServer);
  Write("test-bench/benchmark.yaml", kTestBenchHeader);
  Write("test-bench/1-checks.yaml", checks);
}

TempRules::~TempRules() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void TempRules::Write(const std::string& rel, const std::string& text) const {
  fs::create_directories((dir_ / rel).parent_path());
  std::ofstream(dir_ / rel) << text;
}

Result<Benchmark> TempRules::Load() const { return LoadBenchmark(dir_, "test-bench"); }

std::string Check(const std::string& id, const std::string& component, const std::string& test,
                  const std::string& extra) {
  return "  - id: \"" + id + "\"\n    section: \"" + id.substr(0, 3) +
         "\"\n    title: t\n    scored: true\n" +
         "    automated: true\n    component: " + component +
         "\n    expected: e\n    remediation: r\n" + extra + "    test:\n" + test;
}

Finding EvaluateOne(const std::string& test_yaml, const NodeEvidence& evidence,
                    const std::string& component,
                    const std::vector<std::pair<std::string, std::string>>& components) {
  TempRules rules("checks:\n" + Check("1.1.1", component, test_yaml));
  for (const auto& [name, text] : components) rules.Write("components/" + name + ".yaml", text);
  auto b = rules.Load();
  if (!b.ok()) FAIL(b.status().message());
  return Evaluate(*b, evidence, {}).findings.at(0);
}

}  // namespace kubeproof::testing
