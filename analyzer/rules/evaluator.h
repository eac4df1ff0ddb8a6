// The rules engine: evaluates one benchmark against one node's evidence.
#pragma once

#include <optional>
#include <string>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"

namespace kubeproof {

struct EvaluationOptions {
  // `--k8s-version`: the Kubernetes version for defaults ("1.20" or "v1.20.4"); it overrides the
  // versions found in the evidence. Unset: the evidence's, else the benchmark's assumed version.
  std::optional<std::string> kubernetes_version;
};

// One finding per check of `benchmark`, in the benchmark's order, plus the settings resolved.
Evaluation Evaluate(const Benchmark& benchmark, const NodeEvidence& evidence,
                    const EvaluationOptions& options);

}  // namespace kubeproof
