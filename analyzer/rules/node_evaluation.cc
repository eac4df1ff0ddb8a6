#include "analyzer/rules/node_evaluation.h"

namespace kubeproof {

std::optional<NodeVersion> NodeVersionFor(const NodeEvidence& evidence,
                                          const EvaluationOptions& options) {
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

NodePlatform NodePlatformFor(const RuleSet& rules, const NodeEvidence& evidence) {
  // Every benchmark under one rules folder shares its platform and component facts.
  if (rules.benchmarks.empty()) return NodePlatform();
  const Benchmark& any = rules.benchmarks.front();
  if (!any.platforms || !any.components) return NodePlatform();
  return DetectNodePlatform(evidence, *any.platforms, *any.components);
}

std::vector<NodeEvaluation> EvaluateNode(const RuleSet& rules, const NodeEvidence& evidence) {
  std::vector<NodeEvaluation> out;
  for (BenchmarkChoice& choice : ChooseBenchmarks(rules.benchmarks, rules.request,
                                                  NodeVersionFor(evidence, rules.evaluation),
                                                  NodePlatformFor(rules, evidence))) {
    Evaluation evaluation = Evaluate(*choice.benchmark, evidence, rules.evaluation);
    out.push_back({std::move(choice), std::move(evaluation)});
  }
  return out;
}

}  // namespace kubeproof
