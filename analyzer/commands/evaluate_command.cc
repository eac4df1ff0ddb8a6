#include <iostream>

#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/ingest/evaluate_run.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/ingest/prepare_pipeline.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

int RunEvaluate(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {{"db", true, false, "the database to re-evaluate", "FILE"},
                                   {"waivers", true, false, "store matching FAIL findings as WAIVED (schema/REPORT.md)", "FILE"}};
  for (auto& s : RulesOptions()) specs.push_back(s);
  specs.push_back({"help", false, false, "show this help"});
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail("evaluate", args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof evaluate --db FILE [flags]\n\n"
                 "Evaluates every stored bundle, without re-ingesting, against the benchmark chosen for its\n"
                 "node (or those --benchmark names). The findings for each (bundle, benchmark) are\n"
                 "replaced whole and other benchmarks' findings are kept; bundles are committed in\n"
                 "groups, so a parallel ingest is not kept waiting.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  if (!args->positional().empty()) return Fail("evaluate", "unexpected argument " + args->positional()[0], kExitUsage);
  auto db_path = args->Get("db");
  if (!db_path) return Fail("evaluate", "--db FILE is required", kExitUsage);
  if (Status s = CheckRulesFlags(*args); !s.ok()) return Fail("evaluate", s.message(), kExitUsage);
  auto rules = LoadRules(*args);
  if (!rules.ok()) return Fail("evaluate", rules.status().message(), RulesExit(rules.status()));
  std::vector<Waiver> waivers;
  if (auto path = args->Get("waivers")) {
    auto loaded = LoadWaivers(*path);
    if (!loaded.ok()) return Fail("evaluate", loaded.status().message(), kExitUsage);
    waivers = std::move(*loaded);
  }
  auto db = Database::Open(*db_path, Database::Mode::kReadWrite);
  if (!db.ok()) return Fail("evaluate", db.status().message(), kExitError);
  WaiverMatcher matcher(std::move(waivers), NowUtc().substr(0, 10));
  EvaluateRunOptions run;
  run.workers = PrepareWorkers(0);
  auto evaluated = EvaluateStored(db->get(), rules->rules, matcher, run);
  if (!evaluated.ok()) return Fail("evaluate", evaluated.status().message(), kExitError);
  for (const auto& use : matcher.Uses()) {
    std::cerr << "kubeproof evaluate: waiver " << use.waiver->origin << ": " << WaiverStateName(use.state) << ": " << use.note << "\n";
  }
  std::cerr << "kubeproof evaluate: " << *evaluated << " bundle(s) evaluated against " << RequestWords(rules->rules) << "\n";
  return kExitOk;
}

}  // namespace kubeproof
