// Every installed benchmark's examples: each check gives the verdict its examples promise, and each
// automated check has a passing and a failing (or unverifiable) example. Manual checks stay MANUAL.
#include <catch2/catch.hpp>

#include "analyzer/rules/check_example.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/rules/example_run.h"

namespace kubeproof {
namespace {

const std::filesystem::path kRules = KUBEPROOF_SOURCE_DIR "/benchmarks";

TEST_CASE("every check of every installed benchmark agrees with its examples", "[examples][benchmarks]") {
  auto ids = ListBenchmarks(kRules);
  REQUIRE(ids.ok());
  REQUIRE(ids->size() >= 2);
  for (const auto& id : *ids) {
    auto benchmark = LoadBenchmark(kRules, id);
    REQUIRE(benchmark.ok());
    auto examples = LoadCheckExamples(kRules, *benchmark);
    INFO(id << ": " << (examples.ok() ? "" : examples.status().message()));
    REQUIRE(examples.ok());
    ExampleOutcome outcome = RunCheckExamples(*benchmark, *examples);
    for (const auto& m : outcome.mismatches) FAIL_CHECK(m);
    for (const auto& u : outcome.uncovered) FAIL_CHECK(u);
  }
}

TEST_CASE("every manual check of every installed benchmark is MANUAL on any node", "[examples][benchmarks]") {
  auto ids = ListBenchmarks(kRules);
  REQUIRE(ids.ok());
  for (const auto& id : *ids) {
    auto benchmark = LoadBenchmark(kRules, id);
    REQUIRE(benchmark.ok());
    Evaluation evaluation = Evaluate(*benchmark, NodeEvidence{}, EvaluationOptions{});
    REQUIRE(evaluation.findings.size() == benchmark->checks.size());
    for (std::size_t i = 0; i < benchmark->checks.size(); ++i) {
      if (benchmark->checks[i].automated) continue;
      INFO(id << " " << benchmark->checks[i].id);
      CHECK(evaluation.findings[i].status == CheckStatus::kManual);
    }
  }
}

}  // namespace
}  // namespace kubeproof
