// Flags shared by the commands that evaluate: which rule files, which benchmark, which version.
#pragma once

#include <vector>

#include "analyzer/commands/arguments.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

struct LoadedRules {
  Benchmark benchmark;
  ComponentCatalog components;
  EvaluationOptions evaluation;
};

// --rules, --benchmark, --k8s-version.
std::vector<OptionSpec> RulesOptions();

Result<LoadedRules> LoadRules(const Arguments& args);

}  // namespace kubeproof
