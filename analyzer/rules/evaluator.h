// The rules engine: evaluates one benchmark against one node's evidence.
#pragma once

#include <optional>
#include <string>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"

namespace kubeproof {

struct EvaluationOptions {
  // Kubernetes version to assume for defaults when the evidence shows none ("1.20" or "v1.20.4").
  std::optional<std::string> kubernetes_version;
};

// One finding per check of `benchmark`, in the benchmark's order, plus the settings resolved.
Evaluation Evaluate(const Benchmark& benchmark, const NodeEvidence& evidence,
                    const EvaluationOptions& options);

}  // namespace kubeproof
