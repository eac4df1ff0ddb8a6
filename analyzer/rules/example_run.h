// Runs a benchmark's examples through the rules engine and says where a verdict, or the examples'
// coverage of the benchmark, differs from what the examples promise.
#pragma once

#include <string>
#include <vector>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/check_example.h"

namespace kubeproof {

struct ExampleOutcome {
  std::size_t examples = 0;              // examples run
  std::vector<std::string> mismatches;   // one line each: where, what was expected, what came out
  std::vector<std::string> uncovered;    // automated checks lacking a PASS or a FAIL/UNVERIFIABLE example
};

ExampleOutcome RunCheckExamples(const Benchmark& benchmark, const std::vector<CheckExample>& examples);

}  // namespace kubeproof
