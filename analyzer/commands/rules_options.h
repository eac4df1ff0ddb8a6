// Flags shared by the commands that evaluate: which rule files, which benchmarks, which version.
#pragma once

#include <memory>
#include <vector>

#include "analyzer/commands/arguments.h"
#include "analyzer/rules/node_evaluation.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

struct LoadedRules {
  RuleSet rules;
  std::shared_ptr<const ComponentCatalog> components;  // the one every benchmark of `rules` shares
};

// --rules, --benchmark, --k8s-version.
std::vector<OptionSpec> RulesOptions();

// A bad value of these flags (--k8s-version banana, --benchmark a,,b) is a usage error, refused
// before anything loads.
Status CheckRulesFlags(const Arguments& args);

// REQUIRES: CheckRulesFlags(args) is ok. An error is a rule file that does not load, or a
// --benchmark id that is not installed (Status::NotFound).
Result<LoadedRules> LoadRules(const Arguments& args);

// The exit code for a LoadRules error: a --benchmark id or --rules folder that is not there is a
// usage error (2); a rule file that does not load is 3.
int RulesExit(const Status& error);

// "cis-1.12.0", "cis-1.6.0, cis-1.12.0", or "the benchmark chosen per node": for messages.
std::string RequestWords(const RuleSet& rules);

}  // namespace kubeproof
