#include "analyzer/ingest/ingester.h"

#include <algorithm>
#include <ctime>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "analyzer/settings/command_line.h"
#include "analyzer/store/findings_store.h"
#include "common/member_name.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

std::vector<ArgumentRow> ArgumentRows(const ComponentCatalog& components, const ProcessEvidence& process) {
  std::vector<ArgumentRow> rows;
  auto redacted = [&](int index) {
    return std::find(process.redacted_args.begin(), process.redacted_args.end(), index) != process.redacted_args.end();
  };
  for (const ParsedArg& arg : ParseProcessArgs(components, process)) {
    ArgumentRow row;
    row.position = arg.position;
    if (!arg.flag.empty()) row.flag = arg.flag;
    if (arg.has_value || arg.flag.empty()) row.value = arg.value;
    const std::string& word = process.argv[static_cast<size_t>(arg.position)];
    bool value_in_next_word = arg.has_value && !arg.flag.empty() && word.find('=') == std::string::npos;
    row.redacted = redacted(arg.position) || (value_in_next_word && redacted(arg.position + 1));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string NowUtc() { return FormatUtc(std::time(nullptr)); }

Result<DerivedRows> DeriveRows(const NodeEvidence& evidence, const ComponentCatalog& components,
                               const ConfigLimits& limits) {
  DerivedRows rows;
  for (const FileEvidence& f : evidence.files) {
    if (!f.content || !IsStructuredConfig(f)) continue;
    auto values = FlattenConfig(*f.content, limits);
    if (values.ok()) {
      rows.config_values.emplace(f.path, std::move(*values));
    } else if (values.status().code() == Status::Code::kLimit) {
      return values.status().WithContext("member " + DisplayName(f.content_member.value_or(f.path)));
    } else {
      rows.parse_notes.push_back({"parse", f.path, values.status().message()});
    }
  }
  for (const ProcessEvidence& p : evidence.processes) {
    rows.arguments.push_back(ArgumentRows(components, p));
  }
  return rows;
}

Result<PreparedBundle> PrepareBundle(const std::filesystem::path& bundle_path, const IngestSettings& settings) {
  auto verified = ReadVerifiedBundle(bundle_path, settings.archive_limits);
  if (!verified.ok()) return verified.status();
  auto trust = JudgeSigner(verified->signer, settings.trust);
  if (!trust.ok()) return trust.status();
  auto evidence = ParseEvidence(*verified);
  if (!evidence.ok()) return evidence.status();
  evidence->bundle.signer_trusted = *trust == SignatureTrust::kSignedTrusted;
  static const ComponentCatalog kNoComponents;
  auto derived = DeriveRows(*evidence, settings.components != nullptr ? *settings.components : kNoComponents,
                            settings.config_limits);
  if (!derived.ok()) return derived.status();
  PreparedBundle prepared{std::move(*evidence), std::move(*derived), {}};
  if (settings.rules != nullptr) prepared.evaluations = EvaluateNode(*settings.rules, prepared.evidence);
  return prepared;
}

Result<IngestOutcome> StoreBundle(Database* db, const PreparedBundle& prepared, std::set<std::string>* saved_benchmarks,
                                  RunNumber* run) {
  std::set<std::string> saved_here;
  if (saved_benchmarks == nullptr) saved_benchmarks = &saved_here;
  RunNumber run_here;
  if (run == nullptr) run = &run_here;
  IngestOutcome outcome;
  outcome.node = prepared.evidence.bundle.node;
  auto tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  auto existing = FindBundle(db, prepared.evidence.bundle.sha256);
  if (!existing.ok()) return existing.status();
  if (*existing) {
    outcome.bundle_id = **existing;
    return outcome;
  }
  std::string now = NowUtc();
  auto number = run->Take(db);
  if (!number.ok()) return number.status();
  auto id = InsertEvidence(db, prepared.evidence, prepared.derived, now, *number);
  if (!id.ok()) return id.status();
  outcome.bundle_id = *id;
  outcome.added = true;
  for (const NodeEvaluation& evaluation : prepared.evaluations) {
    const Benchmark& benchmark = *evaluation.choice.benchmark;
    if (saved_benchmarks->insert(benchmark.id).second) {
      if (Status s = SaveBenchmark(db, benchmark); !s.ok()) return s;
    }
    if (Status s = ReplaceFindings(db, *id, evaluation, now); !s.ok()) return s;
  }
  if (Status s = tx->Commit(); !s.ok()) return s;
  return outcome;
}

}  // namespace kubeproof
