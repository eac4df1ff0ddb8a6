// Saving benchmark metadata and evaluation results: findings for one (bundle, benchmark) are
// replaced as a whole, together with the bundle's effective settings.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"
#include "analyzer/store/database.h"

namespace kubeproof {

// Inserts or updates the benchmark, its sections and checks. REQUIRES: a transaction is open.
Status SaveBenchmark(Database* db, const Benchmark& benchmark);

// Replaces the bundle's findings for this benchmark and its effective settings.
// REQUIRES: a transaction is open and SaveBenchmark ran for `benchmark`.
Status ReplaceFindings(Database* db, std::int64_t bundle_id, const Benchmark& benchmark,
                       const Evaluation& evaluation, const std::string& evaluated_at);

}  // namespace kubeproof
