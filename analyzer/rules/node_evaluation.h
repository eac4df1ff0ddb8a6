// Evaluation of one node against the benchmarks chosen for it (rules/benchmark_choice.h).
#pragma once

#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/benchmark_choice.h"
#include "analyzer/rules/evaluator.h"

namespace kubeproof {

// The benchmarks a run may evaluate and how to choose among them.
struct RuleSet {
  std::vector<Benchmark> benchmarks;  // every installed one for auto and all; else those named
  BenchmarkRequest request;
  EvaluationOptions evaluation;
};

struct NodeEvaluation {
  BenchmarkChoice choice;
  Evaluation evaluation;
};

// The node's version: --k8s-version when given, else what the evidence shows.
std::optional<NodeVersion> NodeVersionFor(const NodeEvidence& evidence,
                                          const EvaluationOptions& options);

// The node's platform, from the markers in the rules folder's platforms/.
NodePlatform NodePlatformFor(const RuleSet& rules, const NodeEvidence& evidence);

// One evaluation per benchmark chosen for the node, in the order of `rules.benchmarks`.
std::vector<NodeEvaluation> EvaluateNode(const RuleSet& rules, const NodeEvidence& evidence);

}  // namespace kubeproof
