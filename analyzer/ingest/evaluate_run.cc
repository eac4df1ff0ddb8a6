#include "analyzer/ingest/evaluate_run.h"

#include <set>

#include "analyzer/ingest/commit_group.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/store/evidence_store.h"
#include "analyzer/store/findings_store.h"

namespace kubeproof {
namespace {

void WaiveMatches(WaiverMatcher& matcher, const std::string& benchmark, const BundleInfo& bundle,
                  Evaluation* evaluation) {
  for (Finding& f : evaluation->findings) {
    const Waiver* w =
        matcher.Match({benchmark, f.check_id, bundle.cluster.value_or(""), bundle.node}, f.status);
    if (w == nullptr) continue;
    f.status = CheckStatus::kWaived;
    f.reason = WaivedReason(*w) + "; was FAIL: " + f.reason;
  }
}

}  // namespace

Result<std::size_t> EvaluateStored(Database* db, const RuleSet& rules, WaiverMatcher& matcher,
                                   const EvaluateRunOptions& run, EvaluateObserver* observer) {
  CommitGroup group(db, run.group_bundles, run.group_open_for);
  const std::string now = NowUtc();
  std::size_t evaluated = 0;
  std::int64_t last_id = 0;
  std::set<std::string> saved_benchmarks;
  for (;;) {
    if (Status s = group.Join(); !s.ok()) return s;
    // Listed under the lock: a bundle committed by another writer since the last group is here.
    auto ids = ListBundleIds(db, last_id, run.group_bundles);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) break;
    for (std::int64_t id : *ids) {
      if (Status s = group.Join(); !s.ok()) return s;
      auto evidence = LoadEvidence(db, id);
      if (!evidence.ok()) return evidence.status();
      for (NodeEvaluation& node : EvaluateNode(rules, *evidence)) {
        const Benchmark& benchmark = *node.choice.benchmark;
        // Saved with its first findings, which need its rows.
        if (saved_benchmarks.insert(benchmark.id).second) {
          if (Status s = SaveBenchmark(db, benchmark); !s.ok()) return s;
        }
        WaiveMatches(matcher, benchmark.id, evidence->bundle, &node.evaluation);
        if (Status s = ReplaceFindings(db, id, node, now); !s.ok()) return s;
      }
      last_id = id;
      ++evaluated;
      if (Status s = group.Stored(); !s.ok()) return s;
      if (group.pending() == 0 && observer != nullptr) observer->Committed(evaluated);
    }
  }
  if (Status s = group.Commit(); !s.ok()) return s;
  if (observer != nullptr) observer->Committed(evaluated);
  return evaluated;
}

}  // namespace kubeproof
