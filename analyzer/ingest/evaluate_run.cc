#include "analyzer/ingest/evaluate_run.h"

#include <atomic>
#include <set>
#include <thread>

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

// Each bundle's evaluations, judged on `workers` threads: rules and evidence are only read.
std::vector<std::vector<NodeEvaluation>> EvaluateAll(const RuleSet& rules, const std::vector<NodeEvidence>& evidence,
                                                     unsigned workers) {
  std::vector<std::vector<NodeEvaluation>> out(evidence.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < evidence.size(); i = next++) out[i] = EvaluateNode(rules, evidence[i]);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < workers && t < evidence.size(); ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return out;
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
    // Read in order under the lock, judged on every worker, written back in order.
    std::vector<NodeEvidence> evidence;
    for (std::int64_t id : *ids) {
      auto loaded = LoadEvidence(db, id);
      if (!loaded.ok()) return loaded.status();
      evidence.push_back(std::move(*loaded));
    }
    auto evaluations = EvaluateAll(rules, evidence, run.workers);
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const std::int64_t id = (*ids)[i];
      if (Status s = group.Join(); !s.ok()) return s;
      for (NodeEvaluation& node : evaluations[i]) {
        const Benchmark& benchmark = *node.choice.benchmark;
        // Saved with its first findings, which need its rows.
        if (saved_benchmarks.insert(benchmark.id).second) {
          if (Status s = SaveBenchmark(db, benchmark); !s.ok()) return s;
        }
        WaiveMatches(matcher, benchmark.id, evidence[i].bundle, &node.evaluation);
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
