#include <unistd.h>

#include <iostream>

#include "analyzer/commands/bundle_options.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/ingest/prepare_pipeline.h"

namespace kubeproof {

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
                 "Verifies each bundle and loads it, with its findings for the benchmark, in one\n"
                 "transaction. A refused bundle writes nothing and the batch goes on; a bundle\n"
                 "already in the database is left alone.\n\nflags:\n"
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
  for (const auto& path : *paths) {
    ++done;
    if (progress) std::cerr << "\r[" << done << "/" << paths->size() << "] " << path.filename().string() << "\033[K" << std::flush;
    auto prepared = pipeline.Next();
    if (!prepared.ok()) {
      ++rejected;
      if (progress) std::cerr << "\r\033[K";
      std::cerr << "kubeproof ingest: " << path.string() << ": refused: " << prepared.status().message() << "\n";
      continue;
    }
    auto outcome = StoreBundle(db->get(), *prepared, settings.benchmark);
    if (!outcome.ok()) {
      if (progress) std::cerr << "\n";
      return Fail("ingest", path.string() + ": database error, nothing stored for it: " + outcome.status().message(), kExitError);
    }
    if (outcome->added) {
      ++added;
    } else {
      ++present;
      if (progress) std::cerr << "\r\033[K";
      std::cerr << "kubeproof ingest: " << path.string() << ": already ingested as bundle " << outcome->bundle_id
                << " (node " << outcome->node << "), nothing to do\n";
    }
  }
  if (progress) std::cerr << "\r\033[K";
  std::cerr << "kubeproof ingest: " << paths->size() << " bundle(s): " << added << " added, " << present
            << " already present, " << rejected << " refused\n";
  return rejected == 0 ? kExitOk : kExitRejected;
}

}  // namespace kubeproof
