#include "analyzer/ingest/ingest_run.h"

#include "analyzer/ingest/commit_group.h"
#include "analyzer/ingest/prepare_pipeline.h"

namespace kubeproof {
namespace {

// The error that ends a run: the bundle that could not be stored; every bundle before it is.
Status NotStored(const std::string& bundle, const Status& error) {
  return Status::IoError(
      bundle +
      ": database error, nothing stored for it (the bundles before it are stored; "
      "run the same ingest again for the rest): " +
      error.message());
}

// Stores the bundles of a group that failed one per transaction: a disk that cannot hold the
// whole group still takes every bundle that fits, and the first that does not ends the run.
Status StoreOneByOne(Database* db, const std::vector<std::string>& paths,
                     const std::vector<std::size_t>& indexes, const IngestSettings& settings,
                     std::set<std::string>* saved_benchmarks, RunNumber* run, IngestTally* tally) {
  for (std::size_t index : indexes) {
    const std::string& path = paths[index];
    auto prepared = PrepareBundle(path, settings);
    // It was accepted moments ago: a bundle that no longer prepares has changed under us.
    if (!prepared.ok()) return NotStored(path, prepared.status());
    std::set<std::string> saved_before = *saved_benchmarks;
    auto outcome = StoreBundle(db, *prepared, saved_benchmarks, run);
    if (!outcome.ok()) {
      *saved_benchmarks = std::move(saved_before);
      run->RolledBack();
      return NotStored(path, outcome.status());
    }
    run->Committed();
    if (outcome->added) ++tally->added;
  }
  return Status::Ok();
}

}  // namespace

Result<IngestTally> IngestBundles(Database* db, const std::vector<std::string>& paths,
                                  const IngestSettings& settings, const IngestRunOptions& options,
                                  IngestObserver& observer) {
  IngestTally tally;
  PreparePipeline pipeline(paths, settings, options.workers);
  CommitGroup group(db, options.group_bundles, options.group_open_for);
  // Benchmarks whose rows are written in the open group or before; as of the last commit.
  std::set<std::string> saved_benchmarks, committed_saved_benchmarks;
  std::vector<std::size_t> added_in_group;  // bundles the open group adds, counted once committed
  RunNumber run;  // one number for every bundle this invocation stores
  auto committed = [&] {
    tally.added += added_in_group.size();
    added_in_group.clear();
    committed_saved_benchmarks = saved_benchmarks;
    run.Committed();
  };
  // A failed write loses the open group: its bundles are stored again one per transaction.
  auto shrink_and_retry = [&]() -> Status {
    group.Abandon();
    run.RolledBack();
    saved_benchmarks = committed_saved_benchmarks;
    Status s = StoreOneByOne(db, paths, added_in_group, settings, &saved_benchmarks, &run, &tally);
    added_in_group.clear();
    committed_saved_benchmarks = saved_benchmarks;
    return s;
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    observer.Starting(i, path);
    auto prepared = pipeline.Next();
    if (!prepared.ok()) {
      ++tally.refused;
      observer.Refused(path, prepared.status());
      continue;
    }
    Status joined = group.Join();
    auto outcome = joined.ok() ? StoreBundle(db, *prepared, &saved_benchmarks, &run) : Result<IngestOutcome>(joined);
    if (!outcome.ok()) {
      added_in_group.push_back(i);
      if (Status s = shrink_and_retry(); !s.ok()) return s;
      continue;
    }
    if (outcome->added) {
      // Benchmark rows saved with it commit with it, or are saved again on a retry.
      added_in_group.push_back(i);
    } else {
      ++tally.present;
      observer.AlreadyPresent(path, *outcome);
    }
    if (Status s = group.Stored(); !s.ok()) {
      if (Status retried = shrink_and_retry(); !retried.ok()) return retried;
      continue;
    }
    if (group.pending() == 0) committed();
  }
  if (Status s = group.Commit(); !s.ok()) {
    if (Status retried = shrink_and_retry(); !retried.ok()) return retried;
  }
  committed();
  return tally;
}

}  // namespace kubeproof
