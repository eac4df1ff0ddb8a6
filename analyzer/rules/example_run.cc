#include "analyzer/rules/example_run.h"

#include <map>

#include "analyzer/rules/evaluator.h"

namespace kubeproof {
namespace {

// "" when the finding holds what the example promises, else what differs.
std::string Difference(const CheckExample& ex, const Finding& f) {
  std::string problems;
  auto add = [&](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
  if (f.status != ex.status) {
    add("expected " + std::string(CheckStatusName(ex.status)) + ", got " +
        std::string(CheckStatusName(f.status)));
  }
  auto check = [&](const std::optional<std::string>& want, const std::string& got,
                   const char* field) {
    if (want && got.find(*want) == std::string::npos)
      add(std::string(field) + " lacks \"" + *want + "\"");
  };
  check(ex.source_contains, f.source, "source");
  check(ex.reason_contains, f.reason, "reason");
  check(ex.actual_contains, f.actual, "actual");
  if (problems.empty()) return "";
  return problems + " (actual: " + f.actual + " | source: " + f.source + " | reason: " + f.reason +
         ")";
}

}  // namespace

ExampleOutcome RunCheckExamples(const Benchmark& benchmark,
                                const std::vector<CheckExample>& examples) {
  ExampleOutcome out;
  std::map<std::string, std::pair<bool, bool>>
      covered;  // check -> (has PASS, has FAIL or UNVERIFIABLE)
  // One copy of the benchmark, judging one check at a time: a copy per example would copy every
  // check each time.
  Benchmark one = benchmark;
  one.checks.resize(1);
  for (const auto& ex : examples) {
    one.checks.front() = *benchmark.FindCheck(ex.check_id);
    Evaluation evaluation = Evaluate(one, ex.evidence, EvaluationOptions{});
    ++out.examples;
    std::string difference = Difference(ex, evaluation.findings.front());
    if (!difference.empty()) out.mismatches.push_back(ex.where + ": " + difference);
    if (ex.status == CheckStatus::kPass) covered[ex.check_id].first = true;
    if (ex.status == CheckStatus::kFail || ex.status == CheckStatus::kUnverifiable)
      covered[ex.check_id].second = true;
  }
  for (const auto& check : benchmark.checks) {
    if (!check.automated) continue;
    auto [pass, fail] = covered[check.id];
    if (!pass) out.uncovered.push_back(benchmark.id + " " + check.id + ": no PASS example");
    if (!fail)
      out.uncovered.push_back(benchmark.id + " " + check.id + ": no FAIL or UNVERIFIABLE example");
  }
  return out;
}

}  // namespace kubeproof
