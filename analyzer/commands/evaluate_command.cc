#include <iostream>

#include "analyzer/commands/command.h"
#include "analyzer/commands/rules_options.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/store/evidence_store.h"
#include "analyzer/store/findings_store.h"
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
                 "Evaluates every stored bundle against a benchmark, without re-ingesting; the\n"
                 "findings for each (bundle, benchmark) are replaced in one transaction.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  if (!args->positional().empty()) return Fail("evaluate", "unexpected argument " + args->positional()[0], kExitUsage);
  auto db_path = args->Get("db");
  if (!db_path) return Fail("evaluate", "--db FILE is required", kExitUsage);
  if (Status s = CheckRulesFlags(*args); !s.ok()) return Fail("evaluate", s.message(), kExitUsage);
  auto rules = LoadRules(*args);
  if (!rules.ok()) return Fail("evaluate", rules.status().message(), kExitError);
  std::vector<Waiver> waivers;
  if (auto path = args->Get("waivers")) {
    auto loaded = LoadWaivers(*path);
    if (!loaded.ok()) return Fail("evaluate", loaded.status().message(), kExitUsage);
    waivers = std::move(*loaded);
  }
  auto db = Database::Open(*db_path, Database::Mode::kReadWrite);
  if (!db.ok()) return Fail("evaluate", db.status().message(), kExitError);
  auto ids = ListBundleIds(db->get());
  if (!ids.ok()) return Fail("evaluate", ids.status().message(), kExitError);

  auto tx = Transaction::Begin(db->get());
  if (!tx.ok()) return Fail("evaluate", tx.status().message(), kExitError);
  if (Status s = SaveBenchmark(db->get(), rules->benchmark); !s.ok()) return Fail("evaluate", s.message(), kExitError);
  std::string now = NowUtc();
  WaiverMatcher matcher(std::move(waivers), now.substr(0, 10));
  for (std::int64_t id : *ids) {
    auto evidence = LoadEvidence(db->get(), id);
    if (!evidence.ok()) return Fail("evaluate", evidence.status().message(), kExitError);
    Evaluation evaluation = Evaluate(rules->benchmark, *evidence, rules->evaluation);
    const BundleInfo& b = evidence->bundle;
    for (Finding& f : evaluation.findings) {
      const Waiver* w = matcher.Match({rules->benchmark.id, f.check_id, b.cluster.value_or(""), b.node}, f.status);
      if (w == nullptr) continue;
      f.status = CheckStatus::kWaived;
      f.reason = WaivedReason(*w) + "; was FAIL: " + f.reason;
    }
    if (Status s = ReplaceFindings(db->get(), id, rules->benchmark, evaluation, now); !s.ok()) {
      return Fail("evaluate", s.message(), kExitError);
    }
  }
  if (Status s = tx->Commit(); !s.ok()) return Fail("evaluate", s.message(), kExitError);
  for (const auto& use : matcher.Uses()) {
    std::cerr << "kubeproof evaluate: waiver " << use.waiver.origin << ": " << WaiverStateName(use.state) << ": " << use.note << "\n";
  }
  std::cerr << "kubeproof evaluate: " << ids->size() << " bundle(s) evaluated against " << rules->benchmark.id << "\n";
  return kExitOk;
}

}  // namespace kubeproof
