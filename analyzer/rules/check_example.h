// CheckExample: a piece of node evidence and the verdict one check must give on it, written in a
// benchmark's examples/*.yaml (schema/RULES.md, "Examples"). Examples document each check and are
// run by `kubeproof benchmarks --examples` and the test suite.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"

namespace kubeproof {

struct CheckExample {
  std::string where;  // "examples/1.2-api-server.yaml: example 3 (check 1.2.1)"
  std::string check_id;
  CheckStatus status = CheckStatus::kPass;
  std::string why;
  NodeEvidence evidence;
  std::optional<std::string> source_contains;
  std::optional<std::string> reason_contains;
  std::optional<std::string> actual_contains;
};

// Every example in <rules_dir>/<benchmark.id>/examples/*.yaml, in file then list order. Errors name
// the file, the example's position and the bad key; a check id the benchmark lacks is an error.
Result<std::vector<CheckExample>> LoadCheckExamples(const std::filesystem::path& rules_dir, const Benchmark& benchmark);

}  // namespace kubeproof
