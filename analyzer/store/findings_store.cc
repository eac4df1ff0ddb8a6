#include "analyzer/store/findings_store.h"

namespace kubeproof {

Status SaveBenchmark(Database* db, const Benchmark& benchmark) {
  auto bench = db->Prepare(
      "INSERT INTO benchmarks (benchmark, title) VALUES (?,?) ON CONFLICT(benchmark) DO UPDATE SET title = excluded.title");
  auto section = db->Prepare(
      "INSERT INTO sections (benchmark, section, title, position) VALUES (?,?,?,?)"
      " ON CONFLICT(benchmark, section) DO UPDATE SET title = excluded.title, position = excluded.position");
  auto check = db->Prepare(
      "INSERT INTO checks (benchmark, check_id, section, title, scored, automated, component, expected, remediation,"
      " position) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(benchmark, check_id) DO UPDATE SET"
      " section = excluded.section, title = excluded.title, scored = excluded.scored,"
      " automated = excluded.automated, component = excluded.component, expected = excluded.expected,"
      " remediation = excluded.remediation, position = excluded.position");
  for (const Status* s : {&bench.status(), &section.status(), &check.status()}) {
    if (!s->ok()) return *s;
  }
  if (Status s = bench->Bind(1, benchmark.id).Bind(2, benchmark.title).Run(); !s.ok()) return s;
  std::int64_t position = 0;
  for (const SectionInfo& sec : benchmark.sections) {
    section->Bind(1, benchmark.id).Bind(2, sec.id).Bind(3, sec.title).Bind(4, position++);
    if (Status s = section->Run(); !s.ok()) return s;
  }
  position = 0;
  for (const CheckDefinition& c : benchmark.checks) {
    check->Bind(1, benchmark.id).Bind(2, c.id).Bind(3, c.section).Bind(4, c.title)
        .Bind(5, std::int64_t{c.scored ? 1 : 0}).Bind(6, std::int64_t{c.automated ? 1 : 0})
        .Bind(7, c.component).Bind(8, c.expected).Bind(9, c.remediation).Bind(10, position++);
    if (Status s = check->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReplaceFindings(Database* db, std::int64_t bundle_id, const Benchmark& benchmark,
                       const Evaluation& evaluation, const std::string& evaluated_at) {
  auto clear = db->Prepare("DELETE FROM check_results WHERE bundle_id = ? AND benchmark = ?");
  auto insert = db->Prepare(
      "INSERT INTO check_results (bundle_id, benchmark, check_id, status, expected, actual, source, reason,"
      " evaluated_at, reason_code) VALUES (?,?,?,?,?,?,?,?,?,?)");
  auto clear_settings = db->Prepare("DELETE FROM effective_settings WHERE bundle_id = ?");
  auto setting = db->Prepare(
      "INSERT OR REPLACE INTO effective_settings (bundle_id, component, name, value, source) VALUES (?,?,?,?,?)");
  for (const Status* s : {&clear.status(), &insert.status(), &clear_settings.status(), &setting.status()}) {
    if (!s->ok()) return *s;
  }
  if (Status s = clear->Bind(1, bundle_id).Bind(2, benchmark.id).Run(); !s.ok()) return s;
  for (const Finding& f : evaluation.findings) {
    insert->Bind(1, bundle_id).Bind(2, benchmark.id).Bind(3, f.check_id).Bind(4, CheckStatusName(f.status))
        .Bind(5, f.expected).Bind(6, f.actual).Bind(7, f.source).Bind(8, f.reason).Bind(9, evaluated_at)
        .Bind(10, ReasonCodeName(f.reason_code));
    if (Status s = insert->Run(); !s.ok()) return s.WithContext("check " + f.check_id);
  }
  if (Status s = clear_settings->Bind(1, bundle_id).Run(); !s.ok()) return s;
  for (const EffectiveSetting& e : evaluation.settings) {
    setting->Bind(1, bundle_id).Bind(2, e.component).Bind(3, e.name).Bind(4, e.value).Bind(5, e.source);
    if (Status s = setting->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace kubeproof
