// Saving benchmark metadata and evaluation results: findings for one (bundle, benchmark) are
// replaced as a whole, together with the effective settings and the record of the choice.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"
#include "analyzer/rules/node_evaluation.h"
#include "analyzer/store/database.h"

namespace kubeproof {

// Inserts or updates the benchmark, its sections and checks; checks and sections the rule files
// no longer hold are deleted with their findings. REQUIRES: a transaction is open.
Status SaveBenchmark(Database* db, const Benchmark& benchmark);

// Replaces the bundle's findings, effective settings and evaluation record for the evaluation's
// benchmark. REQUIRES: a transaction is open and SaveBenchmark ran for that benchmark.
Status ReplaceFindings(Database* db, std::int64_t bundle_id, const NodeEvaluation& evaluation,
                       const std::string& evaluated_at);

}  // namespace kubeproof
