// Check examples: the format of examples/*.yaml and the runner that holds each check to them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "analyzer/rules/check_example.h"
#include "analyzer/rules/example_run.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;

// A rules directory holding CIS 1.6.0's checks and components plus one examples file of ours.
class RulesWithExamples {
 public:
  explicit RulesWithExamples(const std::string& examples) {
    dir_ = fs::temp_directory_path() / ("kubeproof-examples-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(KUBEPROOF_SOURCE_DIR "/benchmarks/components", dir_ / "components");
    fs::create_directories(dir_ / "cis-1.6.0" / "examples");
    for (const auto& entry : fs::directory_iterator(KUBEPROOF_SOURCE_DIR "/benchmarks/cis-1.6.0")) {
      if (entry.is_regular_file()) fs::copy(entry.path(), dir_ / "cis-1.6.0" / entry.path().filename());
    }
    std::ofstream(dir_ / "cis-1.6.0" / "examples" / "1-test.yaml") << examples;
  }
  ~RulesWithExamples() { fs::remove_all(dir_); }

  Benchmark Load() const {
    auto b = LoadBenchmark(dir_, "cis-1.6.0");
    REQUIRE(b.ok());
    return *b;
  }
  Result<std::vector<CheckExample>> Examples() const { return LoadCheckExamples(dir_, Load()); }

 private:
  fs::path dir_;
  static inline int counter_ = 0;
};

constexpr const char* kApiServerExamples = R"(
bases:
  apiserver:
    kubernetes: "1.20"
    processes: [kube-apiserver --anonymous-auth=false]
    files:
      /etc/kubernetes/manifests/kube-apiserver.yaml: {mode: "0600"}
examples:
  - check: 1.2.1
    base: apiserver
    status: PASS
    source_contains: flag --anonymous-auth
  - check: 1.2.1
    base: apiserver
    processes: ["/usr/local/bin/kube-apiserver --authorization-mode=Node,RBAC"]
    status: FAIL
    source_contains: default for Kubernetes 1.20
  - check: 1.1.1
    base: apiserver
    files:
      /etc/kubernetes/manifests/kube-apiserver.yaml: {mode: "4644"}
    status: FAIL
    reason_contains: bits 4000
)";

TEST_CASE("examples that state the engine's verdicts agree, and a base's files merge while its processes are replaced", "[examples]") {
  RulesWithExamples rules(kApiServerExamples);
  auto examples = rules.Examples();
  REQUIRE(examples.ok());
  REQUIRE(examples->size() == 3);
  CHECK(examples->at(1).evidence.processes.size() == 1);
  CHECK(examples->at(1).evidence.processes[0].component == "kube-apiserver");
  CHECK(examples->at(2).evidence.files.size() == 1);
  CHECK(*examples->at(2).evidence.files[0].mode == 04644);
  ExampleOutcome outcome = RunCheckExamples(rules.Load(), *examples);
  CHECK(outcome.examples == 3);
  CHECK(outcome.mismatches.empty());
}

TEST_CASE("an example whose verdict or source differs is reported with its file, position and check", "[examples]") {
  RulesWithExamples rules(R"(
examples:
  - check: 1.2.1
    processes: [kube-apiserver --anonymous-auth=true]
    status: PASS
  - check: 1.2.1
    processes: [kube-apiserver --anonymous-auth=false]
    status: PASS
    source_contains: config file
)");
  auto examples = rules.Examples();
  REQUIRE(examples.ok());
  ExampleOutcome outcome = RunCheckExamples(rules.Load(), *examples);
  REQUIRE(outcome.mismatches.size() == 2);
  CHECK(outcome.mismatches[0].find("examples/1-test.yaml: example 1 (check 1.2.1): expected PASS, got FAIL") != std::string::npos);
  CHECK(outcome.mismatches[1].find("example 2 (check 1.2.1): source lacks \"config file\"") != std::string::npos);
}

TEST_CASE("coverage lists automated checks lacking a passing or a failing example, never manual ones", "[examples]") {
  RulesWithExamples rules(kApiServerExamples);
  auto examples = rules.Examples();
  REQUIRE(examples.ok());
  Benchmark benchmark = rules.Load();
  ExampleOutcome outcome = RunCheckExamples(benchmark, *examples);
  auto listed = [&](const std::string& line) {
    return std::find(outcome.uncovered.begin(), outcome.uncovered.end(), line) != outcome.uncovered.end();
  };
  CHECK_FALSE(listed("cis-1.6.0 1.2.1: no PASS example"));
  CHECK_FALSE(listed("cis-1.6.0 1.2.1: no FAIL or UNVERIFIABLE example"));
  CHECK(listed("cis-1.6.0 1.1.1: no PASS example"));
  CHECK_FALSE(listed("cis-1.6.0 1.1.1: no FAIL or UNVERIFIABLE example"));
  for (const auto& check : benchmark.checks) {
    if (!check.automated) CHECK_FALSE(listed("cis-1.6.0 " + check.id + ": no PASS example"));
  }
}

TEST_CASE("owner: null and group: ~ leave uid 0 without a name on the node, which the engine still takes for root", "[examples]") {
  RulesWithExamples rules(R"(
bases:
  apiserver:
    processes: [kube-apiserver]
examples:
  - check: 1.1.2
    base: apiserver
    files:
      /etc/kubernetes/manifests/kube-apiserver.yaml: {uid: 0, gid: 0, owner: null, group: ~}
    status: PASS
    actual_contains: owner 0 (no name on the node) group 0 (no name on the node)
  - check: 1.1.2
    base: apiserver
    files:
      /etc/kubernetes/manifests/kube-apiserver.yaml: {uid: 998, gid: 0, owner: null}
    status: FAIL
    reason_contains: owner is not root
  - check: 1.1.2
    base: apiserver
    files:
      /etc/kubernetes/manifests/kube-apiserver.yaml: {uid: 0, gid: 0}
    status: PASS
    actual_contains: owner root (0) group root (0)
)");
  auto examples = rules.Examples();
  REQUIRE(examples.ok());
  REQUIRE(examples->size() == 3);
  const FileEvidence& nameless = examples->at(0).evidence.files.at(0);
  CHECK_FALSE(nameless.owner.has_value());
  CHECK_FALSE(nameless.group.has_value());
  CHECK(*examples->at(2).evidence.files.at(0).owner == "root");
  ExampleOutcome outcome = RunCheckExamples(rules.Load(), *examples);
  for (const auto& m : outcome.mismatches) UNSCOPED_INFO(m);
  CHECK(outcome.mismatches.empty());
}

TEST_CASE("malformed examples are refused with the file, the example and the key", "[examples]") {
  auto error = [](const std::string& text) {
    RulesWithExamples rules(text);
    auto examples = rules.Examples();
    REQUIRE_FALSE(examples.ok());
    return examples.status().message();
  };
  CHECK(error("examples:\n  - {check: 1.2.1, status: PASS, colour: red}\n") ==
        "cis-1.6.0/examples/1-test.yaml: example 1: unknown key 'colour'");
  CHECK(error("examples:\n  - {check: 9.9.9, status: PASS}\n") ==
        "cis-1.6.0/examples/1-test.yaml: example 1: no check 9.9.9 in cis-1.6.0");
  CHECK(error("examples:\n  - {check: 1.2.1, status: WAIVED}\n").find("status is PASS, FAIL, UNVERIFIABLE or MANUAL") != std::string::npos);
  CHECK(error("examples:\n  - {check: 1.2.1, status: PASS, base: nope}\n").find("no base 'nope'") != std::string::npos);
  CHECK(error("examples:\n  - {check: 1.2.1, status: PASS, files: {relative/path: absent}}\n").find("is not absolute") != std::string::npos);
  CHECK(error("examples:\n  - {check: 1.2.1, status: PASS, files: {/a: {mode: \"rw\"}}}\n").find("not a quoted octal") != std::string::npos);
  CHECK(error("b: &b {kubernetes: \"1.20\"}\nexamples:\n  - {<<: *b, check: 1.2.1, status: PASS}\n").find("unknown key 'b'") != std::string::npos);
  CHECK(error("examples:\n  - {<<: {kubernetes: \"1.20\"}, check: 1.2.1, status: PASS}\n").find("share evidence with 'bases:'") != std::string::npos);
}

}  // namespace
}  // namespace kubeproof
