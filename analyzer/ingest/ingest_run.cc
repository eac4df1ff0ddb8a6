#include "analyzer/ingest/ingest_run.h"

#include "analyzer/ingest/commit_group.h"
#include "analyzer/ingest/prepare_pipeline.h"

namespace kubeproof {
namespace {

// The error for a bundle whose group did not commit: it and the bundles before it in the group are lost.
Status LostAtCommit(const std::string& bundle, std::size_t group_size, const Status& error) {
  std::string others = group_size > 1 ? " nor for the " + std::to_string(group_size - 1) +
                                            " bundle(s) before it since the last commit (ingest them again)"
                                      : "";
  return Status::IoError(bundle + ": database error, nothing stored for it" + others + ": " + error.message());
}

}  // namespace

Result<IngestTally> IngestBundles(Database* db, const std::vector<std::string>& paths, const IngestSettings& settings,
                                  const IngestRunOptions& options, IngestObserver& observer) {
  IngestTally tally;
  PreparePipeline pipeline(paths, settings, options.workers);
  CommitGroup group(db, options.group_bundles, options.group_open_for);
  std::string last_stored;
  BenchmarkRows benchmark_rows = BenchmarkRows::kSave;
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
    auto outcome = joined.ok() ? StoreBundle(db, *prepared, settings.benchmark, benchmark_rows)
                               : Result<IngestOutcome>(joined);
    if (!outcome.ok()) {
      // The failed bundle's savepoint is rolled back; the bundles before it may still commit.
      const std::size_t pending = group.pending();
      const bool earlier_kept = group.Commit().ok();
      return LostAtCommit(path, earlier_kept ? 1 : pending + 1, outcome.status());
    }
    if (outcome->added) {
      ++tally.added;
      // Saved in this bundle's savepoint: it commits with it, or the run stops here.
      benchmark_rows = BenchmarkRows::kAlreadySaved;
    } else {
      ++tally.present;
      observer.AlreadyPresent(path, *outcome);
    }
    const std::size_t group_size = group.pending() + 1;
    if (Status s = group.Stored(); !s.ok()) return LostAtCommit(path, group_size, s);
    last_stored = path;
  }
  if (const std::size_t group_size = group.pending(); group_size > 0) {
    if (Status s = group.Commit(); !s.ok()) return LostAtCommit(last_stored, group_size, s);
  }
  return tally;
}

}  // namespace kubeproof
