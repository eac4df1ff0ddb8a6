#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "analyzer/commands/bundle_options.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/commands/trust_options.h"
#include "analyzer/ingest/ingest_run.h"
#include "analyzer/ingest/prepare_pipeline.h"

namespace kubeproof {
namespace {

// Progress on a terminal, and a line for each bundle refused or already present.
class IngestReport : public IngestObserver {
 public:
  IngestReport(std::size_t total, bool progress) : total_(total), progress_(progress) {}
  void Starting(std::size_t index, const std::string& path) override {
    if (!progress_) return;
    std::cerr << "\r[" << index + 1 << "/" << total_ << "] " << std::filesystem::path(path).filename().string()
              << "\033[K" << std::flush;
  }
  void Refused(const std::string& path, const Status& reason) override {
    ClearProgress();
    std::cerr << "kubeproof ingest: " << path << ": refused: " << reason.message() << "\n";
  }
  void AlreadyPresent(const std::string& path, const IngestOutcome& outcome) override {
    ClearProgress();
    std::cerr << "kubeproof ingest: " << path << ": already ingested as bundle " << outcome.bundle_id << " (node "
              << outcome.node << "), nothing to do\n";
  }
  void ClearProgress() {
    if (progress_) std::cerr << "\r\033[K";
  }

 private:
  const std::size_t total_;
  const bool progress_;
};

}  // namespace

int RunIngest(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {
      {"db", true, false, "the database to load into (created if missing)", "FILE"},
      {"no-evaluate", false, false, "store the evidence only; run 'kubeproof evaluate' later"},
      {"jobs", true, false, "threads verifying and parsing bundles (default: one per CPU); one thread writes", "N"},
  };
  for (auto& s : RulesOptions()) specs.push_back(s);
  for (auto& s : ArchiveLimitOptions()) specs.push_back(s);
  for (auto& s : TrustOptions()) specs.push_back(s);
  specs.push_back({"help", false, false, "show this help"});
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("ingest", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof ingest --db FILE [flags] BUNDLE|DIR...\n\n"
                 "Verifies each bundle and loads it, with its findings for the benchmark chosen for its\n"
                 "node (the one whose Kubernetes range holds the node's version), whole or\n"
                 "not at all. A refused bundle writes nothing and the batch goes on; a bundle\n"
                 "already in the database is left alone; the signer of each (or 'unsigned') is recorded,\n"
                 "and --require-signed refuses any bundle a --trust key did not sign. Bundles are committed in groups (up to 64,\n"
                 "or every 250 ms): if the run is interrupted, run it again to store the rest.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  auto db_path = args->Get("db");
  if (!db_path) return Fail("ingest", "--db FILE is required", kExitUsage);
  IngestSettings settings;
  if (Status s = ApplyArchiveLimits(*args, &settings.archive_limits); !s.ok()) return Fail("ingest", s.message(), kExitUsage);
  auto policy = LoadTrustPolicy(*args);
  if (!policy.ok()) return Fail("ingest", policy.status().message(), kExitUsage);
  settings.trust = std::move(*policy);
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
  if (Status s = CheckRulesFlags(*args); !s.ok()) return Fail("ingest", s.message(), kExitUsage);
  auto rules = LoadRules(*args);
  if (!rules.ok()) return Fail("ingest", rules.status().message(), RulesExit(rules.status()));
  settings.components = rules->components.get();
  if (!args->Has("no-evaluate")) settings.rules = &rules->rules;
  auto db = Database::Open(*db_path, Database::Mode::kReadWrite);
  if (!db.ok()) return Fail("ingest", db.status().message(), kExitError);

  IngestRunOptions options;
  options.workers = PrepareWorkers(jobs);
  IngestReport report(paths->size(), ::isatty(STDERR_FILENO) != 0);
  auto tally = IngestBundles(db->get(), *paths, settings, options, report);
  report.ClearProgress();
  if (!tally.ok()) return Fail("ingest", tally.status().message(), kExitError);
  std::cerr << "kubeproof ingest: " << paths->size() << " bundle(s): " << tally->added << " added, " << tally->present
            << " already present, " << tally->refused << " refused\n";
  return tally->refused == 0 ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
