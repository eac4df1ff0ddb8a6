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

// A bad value of these flags (--k8s-version banana) is a usage error, refused before anything loads.
Status CheckRulesFlags(const Arguments& args);

// REQUIRES: CheckRulesFlags(args) is ok. An error is a rule file that does not load.
Result<LoadedRules> LoadRules(const Arguments& args);

}  // namespace kubeproof
