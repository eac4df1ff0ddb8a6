#include "analyzer/store/findings_store.h"

#include <set>

#include "analyzer/store/dictionary.h"

namespace kubeproof {
namespace {

// Deletes the rows of `table` for `benchmark` whose `column` is not in `keep`. A check's findings
// go with it; a stale section has no checks left, because every check names a current section.
Status DeleteStale(Database* db, const std::string& benchmark, const std::string& table,
                   const std::string& column, const std::set<std::string>& keep) {
  auto list = db->Prepare("SELECT " + column + " FROM " + table + " WHERE benchmark = ?");
  if (!list.ok()) return list.status();
  list->Bind(1, benchmark);
  std::vector<std::string> stale;
  while (list->Step()) {
    if (keep.count(list->Text(0)) == 0) stale.push_back(list->Text(0));
  }
  if (!list->status().ok()) return list->status();
  auto findings = db->Prepare("DELETE FROM check_records WHERE benchmark = ? AND check_id = ?");
  auto rows = db->Prepare("DELETE FROM " + table + " WHERE benchmark = ? AND " + column + " = ?");
  for (const Status* s : {&findings.status(), &rows.status()}) {
    if (!s->ok()) return *s;
  }
  for (const auto& key : stale) {
    if (table == "checks") {
      if (Status s = findings->Bind(1, benchmark).Bind(2, key).Run(); !s.ok()) return s;
    }
    if (Status s = rows->Bind(1, benchmark).Bind(2, key).Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Status SaveBenchmark(Database* db, const Benchmark& benchmark) {
  auto bench = db->Prepare(
      "INSERT INTO benchmarks (benchmark, title, kubernetes_range, platform) VALUES (?,?,?,?) ON "
      "CONFLICT(benchmark) DO UPDATE SET title = excluded.title,"
      " kubernetes_range = excluded.kubernetes_range, platform = excluded.platform");
  auto section = db->Prepare(
      "INSERT INTO sections (benchmark, section, title, position) VALUES (?,?,?,?)"
      " ON CONFLICT(benchmark, section) DO UPDATE SET title = excluded.title, position = "
      "excluded.position");
  auto check = db->Prepare(
      "INSERT INTO checks (benchmark, check_id, section, title, scored, automated, component, "
      "expected, remediation,"
      " position) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(benchmark, check_id) DO UPDATE SET"
      " section = excluded.section, title = excluded.title, scored = excluded.scored,"
      " automated = excluded.automated, component = excluded.component, expected = "
      "excluded.expected,"
      " remediation = excluded.remediation, position = excluded.position");
  for (const Status* s : {&bench.status(), &section.status(), &check.status()}) {
    if (!s->ok()) return *s;
  }
  if (Status s = bench->Bind(1, benchmark.id)
                     .Bind(2, benchmark.title)
                     .Bind(3, benchmark.KubernetesRange())
                     .Bind(4, benchmark.platform)
                     .Run();
      !s.ok()) {
    return s;
  }
  std::set<std::string> check_ids, section_ids;
  for (const CheckDefinition& c : benchmark.checks) check_ids.insert(c.id);
  for (const SectionInfo& sec : benchmark.sections) section_ids.insert(sec.id);
  // Stale checks go first: a section is only deleted once no check refers to it.
  if (Status s = DeleteStale(db, benchmark.id, "checks", "check_id", check_ids); !s.ok()) return s;
  if (Status s = DeleteStale(db, benchmark.id, "sections", "section", section_ids); !s.ok())
    return s;
  std::int64_t position = 0;
  for (const SectionInfo& sec : benchmark.sections) {
    section->Bind(1, benchmark.id).Bind(2, sec.id).Bind(3, sec.title).Bind(4, position++);
    if (Status s = section->Run(); !s.ok()) return s;
  }
  position = 0;
  for (const CheckDefinition& c : benchmark.checks) {
    check->Bind(1, benchmark.id)
        .Bind(2, c.id)
        .Bind(3, c.section)
        .Bind(4, c.title)
        .Bind(5, std::int64_t{c.scored ? 1 : 0})
        .Bind(6, std::int64_t{c.automated ? 1 : 0})
        .Bind(7, c.component)
        .Bind(8, c.expected)
        .Bind(9, c.remediation)
        .Bind(10, position++);
    if (Status s = check->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReplaceFindings(Database* db, std::int64_t bundle_id, const NodeEvaluation& node,
                       const std::string& evaluated_at) {
  const std::string& benchmark = node.choice.benchmark->id;
  auto clear = db->Prepare("DELETE FROM check_records WHERE bundle_id = ? AND benchmark = ?");
  auto insert = db->Prepare(
      "INSERT INTO check_records (bundle_id, benchmark, check_id, status, expected_id, actual_id,"
      " source_id, reason_id, evaluated_at_id, reason_code) VALUES (?,?,?,?,?,?,?,?,?,?)");
  auto clear_settings =
      db->Prepare("DELETE FROM setting_records WHERE bundle_id = ? AND benchmark = ?");
  auto setting = db->Prepare(
      "INSERT OR REPLACE INTO setting_records (bundle_id, benchmark, component, name, value_id, "
      "source_id) VALUES (?,?,?,?,?,?)");
  auto record = db->Prepare(
      "INSERT OR REPLACE INTO evaluations (bundle_id, benchmark, kubernetes_version, "
      "version_origin, basis, note, evaluated_at, platform, platform_variant, platform_origin)"
      " VALUES (?,?,?,?,?,?,?,?,?,?)");
  for (const Status* s : {&clear.status(), &insert.status(), &clear_settings.status(),
                          &setting.status(), &record.status()}) {
    if (!s->ok()) return *s;
  }
  if (Status s = clear->Bind(1, bundle_id).Bind(2, benchmark).Run(); !s.ok()) return s;
  auto evaluated_at_id = InternText(db, evaluated_at);
  if (!evaluated_at_id.ok()) return evaluated_at_id.status();
  for (const Finding& f : node.evaluation.findings) {
    insert->Bind(1, bundle_id)
        .Bind(2, benchmark)
        .Bind(3, f.check_id)
        .Bind(4, CheckStatusName(f.status))
        .Bind(9, *evaluated_at_id)
        .Bind(10, ReasonCodeName(f.reason_code));
    int column = 5;
    for (const std::string* text : {&f.expected, &f.actual, &f.source, &f.reason}) {
      auto id = InternText(db, *text);
      if (!id.ok()) return id.status().WithContext("check " + f.check_id);
      insert->Bind(column++, *id);
    }
    if (Status s = insert->Run(); !s.ok()) return s.WithContext("check " + f.check_id);
  }
  if (Status s = clear_settings->Bind(1, bundle_id).Bind(2, benchmark).Run(); !s.ok()) return s;
  for (const EffectiveSetting& e : node.evaluation.settings) {
    auto value = InternText(db, e.value);
    auto source = InternText(db, e.source);
    if (!value.ok()) return value.status();
    if (!source.ok()) return source.status();
    setting->Bind(1, bundle_id)
        .Bind(2, benchmark)
        .Bind(3, e.component)
        .Bind(4, e.name)
        .Bind(5, *value)
        .Bind(6, *source);
    if (Status s = setting->Run(); !s.ok()) return s;
  }
  const auto& version = node.choice.version;
  record->Bind(1, bundle_id)
      .Bind(2, benchmark)
      .Bind(3, version ? std::optional<std::string>(version->text) : std::nullopt)
      .Bind(4, version ? version->origin : std::string())
      .Bind(5, ChoiceBasisName(node.choice.basis))
      .Bind(6, node.choice.note)
      .Bind(7, evaluated_at)
      .Bind(8, node.choice.platform.platform)
      .Bind(9, node.choice.platform.variant)
      .Bind(10, node.choice.platform.origin);
  return record->Run();
}

}  // namespace kubeproof
