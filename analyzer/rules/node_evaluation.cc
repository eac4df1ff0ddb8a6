#include "analyzer/rules/node_evaluation.h"

namespace kubeproof {

std::optional<NodeVersion> NodeVersionFor(const NodeEvidence& evidence, const EvaluationOptions& options) {
  if (options.kubernetes_version) {
    if (auto minor = ParseKubernetesMinor(*options.kubernetes_version)) {
      NodeVersion given;
      given.minor = *minor;
      given.text = *options.kubernetes_version;
      given.origin = "given with --k8s-version";
      return given;
    }
  }
  return DetectNodeVersion(evidence);
}

std::vector<NodeEvaluation> EvaluateNode(const RuleSet& rules, const NodeEvidence& evidence) {
  std::vector<NodeEvaluation> out;
  for (BenchmarkChoice& choice : ChooseBenchmarks(rules.benchmarks, rules.request, NodeVersionFor(evidence, rules.evaluation))) {
    Evaluation evaluation = Evaluate(*choice.benchmark, evidence, rules.evaluation);
    out.push_back({std::move(choice), std::move(evaluation)});
  }
  return out;
}

}  // namespace kubeproof
