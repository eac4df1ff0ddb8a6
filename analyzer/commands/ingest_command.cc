#include <unistd.h>

#include <iostream>

#include "analyzer/commands/bundle_options.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/ingest/commit_group.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/ingest/prepare_pipeline.h"

namespace kubeproof {
namespace {

// A commit per group of bundles: at most this many, open at most this long (a parallel
// ingest waits for the write lock no longer than that between groups).
constexpr std::size_t kGroupBundles = 64;
constexpr std::chrono::milliseconds kGroupOpenFor{250};

// The error line for a bundle whose group did not commit: it and the bundles before it in the group are lost.
std::string LostAtCommit(const std::string& bundle, std::size_t group_size, const Status& error) {
  std::string others = group_size > 1 ? " nor for the " + std::to_string(group_size - 1) +
                                            " bundle(s) before it since the last commit (ingest them again)"
                                      : "";
  return bundle + ": database error, nothing stored for it" + others + ": " + error.message();
}

}  // namespace

int RunIngest(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {
      {"db", true, false, "the database to load into (created if missing)", "FILE"},
      {"no-evaluate", false, false, "store the evidence only; run 'kubeproof evaluate' later"},
      {"jobs", true, false, "threads verifying and parsing bundles (default: one per CPU); one thread writes", "N"},
  };
  for (auto& s : RulesOptions()) specs.push_back(s);
  for (auto& s : ArchiveLimitOptions()) specs.push_back(s);
  specs.push_back({"help", false, false, "show this help"});
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("ingest", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof ingest --db FILE [flags] BUNDLE|DIR...\n\n"
                 "Verifies each bundle and loads it, with its findings for the benchmark, whole or\n"
                 "not at all. A refused bundle writes nothing and the batch goes on; a bundle\n"
                 "already in the database is left alone. Bundles are committed in groups (up to 64,\n"
                 "or every 250 ms): if the run is interrupted, run it again to store the rest.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  auto db_path = args->Get("db");
  if (!db_path) return Fail("ingest", "--db FILE is required", kExitUsage);
  IngestSettings settings;
  if (Status s = ApplyArchiveLimits(*args, &settings.archive_limits); !s.ok()) return Fail("ingest", s.message(), kExitUsage);
  if (args->positional().empty()) return Fail("ingest", "no bundle given", kExitUsage);
  auto paths = ExpandBundlePaths(args->positional());
  if (!paths.ok()) return Fail("ingest", paths.status().message(), kExitUsage);
  unsigned jobs = 0;
  if (auto text = args->Get("jobs")) {
    auto n = ParseCount("--jobs", *text);
    if (!n.ok()) return Fail("ingest", n.status().message(), kExitUsage);
    if (*n == 0 || *n > 256) return Fail("ingest", "--jobs must be between 1 and 256", kExitUsage);
    jobs = static_cast<unsigned>(*n);
  }
  auto rules = LoadRules(*args);
  if (!rules.ok()) return Fail("ingest", rules.status().message(), kExitError);
  settings.components = &rules->components;
  settings.evaluation = rules->evaluation;
  if (!args->Has("no-evaluate")) settings.benchmark = &rules->benchmark;
  auto db = Database::Open(*db_path, Database::Mode::kReadWrite);
  if (!db.ok()) return Fail("ingest", db.status().message(), kExitError);

  bool progress = ::isatty(STDERR_FILENO) != 0;
  size_t added = 0, present = 0, rejected = 0, done = 0;
  PreparePipeline pipeline(*paths, settings, PrepareWorkers(jobs));
  CommitGroup group(db->get(), kGroupBundles, kGroupOpenFor);
  std::string last_stored;
  BenchmarkRows benchmark_rows = BenchmarkRows::kSave;
  for (const auto& path : *paths) {
    ++done;
    if (progress) std::cerr << "\r[" << done << "/" << paths->size() << "] " << std::filesystem::path(path).filename().string() << "\033[K" << std::flush;
    auto prepared = pipeline.Next();
    if (!prepared.ok()) {
      ++rejected;
      if (progress) std::cerr << "\r\033[K";
      std::cerr << "kubeproof ingest: " << path << ": refused: " << prepared.status().message() << "\n";
      continue;
    }
    Status joined = group.Join();
    auto outcome = joined.ok() ? StoreBundle(db->get(), *prepared, settings.benchmark, benchmark_rows)
                               : Result<IngestOutcome>(joined);
    if (!outcome.ok()) {
      if (progress) std::cerr << "\n";
      // The failed bundle's savepoint is rolled back; the bundles before it may still commit.
      const size_t pending = group.pending();
      const bool earlier_kept = group.Commit().ok();
      return Fail("ingest", LostAtCommit(path, earlier_kept ? 1 : pending + 1, outcome.status()), kExitError);
    }
    if (outcome->added) {
      ++added;
      // Saved in this bundle's savepoint: it commits with it, or the run stops here.
      benchmark_rows = BenchmarkRows::kAlreadySaved;
    } else {
      ++present;
      if (progress) std::cerr << "\r\033[K";
      std::cerr << "kubeproof ingest: " << path << ": already ingested as bundle " << outcome->bundle_id
                << " (node " << outcome->node << "), nothing to do\n";
    }
    const size_t group_size = group.pending() + 1;
    if (Status s = group.Stored(); !s.ok()) return Fail("ingest", LostAtCommit(path, group_size, s), kExitError);
    last_stored = path;
  }
  if (const size_t group_size = group.pending(); group_size > 0) {
    if (Status s = group.Commit(); !s.ok()) return Fail("ingest", LostAtCommit(last_stored, group_size, s), kExitError);
  }
  if (progress) std::cerr << "\r\033[K";
  std::cerr << "kubeproof ingest: " << paths->size() << " bundle(s): " << added << " added, " << present
            << " already present, " << rejected << " refused\n";
  return rejected == 0 ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
