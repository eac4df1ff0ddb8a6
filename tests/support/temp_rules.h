// TempRules: a throw-away rules directory holding a small benchmark of our own ("test-bench"), so
// tests of the rules engine and its loader need no shipped rule file.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"
#include "common/status.h"

namespace kubeproof::testing {

// benchmark.yaml of test-bench: sections 1.1 (files) and 1.2 (settings).
extern const char* const kTestBenchHeader;

// A rules directory with minimal etcd and kube-apiserver facts and `checks` as the only check file;
// removed when it goes out of scope.
class TempRules {
 public:
  explicit TempRules(const std::string& checks);
  ~TempRules();
  TempRules(const TempRules&) = delete;
  TempRules& operator=(const TempRules&) = delete;

  // Writes `text` at `rel` inside the directory (e.g. "components/kubelet.yaml").
  void Write(const std::string& rel, const std::string& text) const;
  const std::filesystem::path& dir() const { return dir_; }
  Result<Benchmark> Load() const;

 private:
  std::filesystem::path dir_;
};

// One automated check of `component` in check-file YAML; `test` is indented by six spaces.
std::string Check(const std::string& id, const std::string& component, const std::string& test,
                  const std::string& extra = "");

// The finding of `test_yaml` as check 1.1.1 of `component` on `evidence`; `components` are extra
// component files (`components/<name>.yaml` text keyed by name). Fails the test if the rules do
// not load.
Finding EvaluateOne(const std::string& test_yaml, const NodeEvidence& evidence,
                    const std::string& component = "node",
                    const std::vector<std::pair<std::string, std::string>>& components = {});

}  // namespace kubeproof::testing
