// Schema version 9: absent lookups and check result texts are stored once, behind the `files` and
// `check_results` views, which keep their columns and rows; a version-8 database migrates to it.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/ingest/ingester.h"
#include "analyzer/rules/node_evaluation.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/store/database.h"
#include "analyzer/store/dictionary.h"
#include "analyzer/store/evidence_store.h"
#include "analyzer/store/schema_migrations.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/evidence_builder.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

// Every row `sql` answers, each as its columns joined by '|' (NULL as "NULL").
std::vector<std::string> Rows(Database* db, const std::string& sql) {
  auto stmt = db->Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::string> rows;
  while (stmt->Step()) {
    std::string row;
    for (int i = 0; i < stmt->ColumnCount(); ++i) row += (i ? "|" : "") + (stmt->IsNull(i) ? "NULL" : stmt->Text(i));
    rows.push_back(row);
  }
  REQUIRE(stmt->status().ok());
  return rows;
}

std::string Value(Database* db, const std::string& sql) {
  auto rows = Rows(db, sql);
  REQUIRE(rows.size() == 1);
  return rows[0];
}

FileEvidence AbsentFile(const std::string& path, std::vector<std::string> why) {
  FileEvidence f;
  f.path = path;
  f.status = "absent";
  f.why = std::move(why);
  return f;
}

// A node whose lookups of `absent` found nothing, beside one file it did find.
NodeEvidence NodeWithAbsent(const std::string& sha256, const std::vector<FileEvidence>& absent) {
  testing::EvidenceBuilder builder;
  builder.File("/var/lib/kubelet/config.yaml", "readOnlyPort: 0\n");
  for (const FileEvidence& f : absent) builder.Record(f);
  NodeEvidence e = builder.Node("n-" + sha256).Build();
  e.bundle.sha256 = sha256;
  return e;
}

std::int64_t Insert(Database* db, const NodeEvidence& e) {
  auto tx = Transaction::Begin(db);
  REQUIRE(tx.ok());
  auto id = InsertEvidence(db, e, DerivedRows{}, "2026-01-02T00:00:00Z", 1);
  REQUIRE(id.ok());
  REQUIRE(tx->Commit().ok());
  return *id;
}

const std::vector<FileEvidence> kAbsent = {
    AbsentFile("/etc/containerd/config.toml", {"containerd config"}),
    AbsentFile("/etc/kubernetes/admin.conf", {"a well-known location", "kube-apiserver --kubeconfig"}),
    AbsentFile("/etc/it's \"quoted\"; --\\dir/ü.yaml", {"a reason with \"quotes\" and \\ and \t"}),
};

// A worker node: a kubelet with its config file, a unit file alike on every node, and lookups of
// `absent` that found nothing.
NodeEvidence Worker(const std::string& node, const std::vector<FileEvidence>& absent) {
  testing::EvidenceBuilder builder = testing::KubeletWithConfig({"--anonymous-auth=false", "--read-only-port=0"});
  builder.File(testing::kKubeletConfig, "authentication:\n  webhook:\n    enabled: true\nprotectKernelDefaults: true\n");
  builder.File("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n");
  for (const FileEvidence& f : absent) builder.Record(f);
  NodeEvidence e = builder.Node(node).Build();
  e.bundle.sha256 = "sha256-of-" + node;
  return e;
}

const ComponentCatalog& Components() {
  static const ComponentCatalog catalog = [] {
    auto loaded = LoadComponentCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/components");
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return catalog;
}

// Stores `evidence` as `kubeproof ingest --benchmark cis-1.6.0` does: its files, command lines and
// config values, then its findings and effective settings.
std::int64_t Ingest(Database* db, NodeEvidence evidence) {
  auto derived = DeriveRows(evidence, Components(), ConfigLimits{});
  REQUIRE(derived.ok());
  PreparedBundle prepared{std::move(evidence), std::move(*derived), {}};
  prepared.evaluations = EvaluateNode(testing::Cis16Rules(), prepared.evidence);
  auto outcome = StoreBundle(db, prepared, nullptr);
  REQUIRE(outcome.ok());
  REQUIRE(outcome->added);
  return outcome->bundle_id;
}

// A sample worker bundle as ingest with the shipped CIS 1.6.0 rules stores it.
std::int64_t IngestWorkerBundle(Database* db, const std::filesystem::path& dir, const std::string& node) {
  auto bundle = testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node)));
  IngestSettings settings;
  settings.components = &Components();
  settings.rules = &testing::Cis16Rules();
  auto prepared = PrepareBundle(bundle, settings);
  REQUIRE(prepared.ok());
  auto outcome = StoreBundle(db, *prepared, nullptr);
  REQUIRE(outcome.ok());
  REQUIRE(outcome->added);
  return outcome->bundle_id;
}

const char* kPublicFiles =
    "SELECT bundle_id, path, status, type, mode, mode_octal, uid, gid, owner, group_name, size, mtime,"
    " link_target, error, content_policy, content_sha256, why FROM files ORDER BY bundle_id, path";

// What the public views show of one bundle, one query per view; BUNDLE stands for its id.
const std::vector<std::string> kPublicViewsOfBundle = {
    "SELECT path, status, type, mode, mode_octal, uid, gid, owner, group_name, size, mtime, link_target, error,"
    " content_policy, content_sha256, why FROM files WHERE bundle_id = BUNDLE ORDER BY path",
    "SELECT f.path, c.member, hex(c.content) FROM file_contents c JOIN files f USING (file_id)"
    " WHERE f.bundle_id = BUNDLE ORDER BY f.path",
    "SELECT f.path, v.* FROM config_values v JOIN files f USING (file_id) WHERE f.bundle_id = BUNDLE"
    " ORDER BY f.path, v.rowid",
    "SELECT * FROM check_results WHERE bundle_id = BUNDLE ORDER BY benchmark, check_id",
    "SELECT * FROM findings WHERE bundle_id = BUNDLE ORDER BY benchmark, check_id",
    "SELECT * FROM section_summary WHERE bundle_id = BUNDLE ORDER BY benchmark, section",
    "SELECT * FROM effective_settings WHERE bundle_id = BUNDLE ORDER BY benchmark, component, name",
    "SELECT * FROM node_settings WHERE bundle_id = BUNDLE ORDER BY benchmark, component, name",
};

std::vector<std::vector<std::string>> PublicRowsOf(Database* db, std::int64_t bundle_id) {
  std::vector<std::vector<std::string>> rows;
  for (std::string sql : kPublicViewsOfBundle) {
    sql.replace(sql.find("BUNDLE"), 6, std::to_string(bundle_id));
    rows.push_back(Rows(db, sql));
  }
  return rows;
}

}  // namespace

TEST_CASE("absent lookups come back from the database exactly, why lists and path order included", "[store]") {
  testing::ScratchDir dir("store-compact-round-trip");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  // Stored out of path order, and beside an absent lookup that recorded an error: that one keeps a row.
  std::vector<FileEvidence> absent = {kAbsent[2], kAbsent[0], kAbsent[1]};
  FileEvidence odd = AbsentFile("/etc/odd", {"x"});
  odd.error = "stat: No such file or directory";
  absent.push_back(odd);
  std::int64_t id = Insert(db->get(), NodeWithAbsent("a", absent));

  auto loaded = LoadEvidence(db->get(), id);
  REQUIRE(loaded.ok());
  std::vector<std::string> paths, whys;
  for (const FileEvidence& f : loaded->files) {
    paths.push_back(f.path);
    for (const auto& why : f.why) whys.push_back(f.path + ": " + why);
  }
  CHECK(paths == std::vector<std::string>{kAbsent[0].path, kAbsent[2].path, kAbsent[1].path, "/etc/odd",
                                          "/var/lib/kubelet/config.yaml"});
  CHECK(whys == std::vector<std::string>{
                    kAbsent[0].path + ": containerd config", kAbsent[2].path + ": " + kAbsent[2].why[0],
                    kAbsent[1].path + ": a well-known location", kAbsent[1].path + ": kube-apiserver --kubeconfig",
                    "/etc/odd: x", "/var/lib/kubelet/config.yaml: test"});
  CHECK(loaded->files.at(3).error == odd.error);
  CHECK(loaded->files.at(0).status == "absent");
  CHECK_FALSE(loaded->files.at(0).type);
  // The view shows them as rows of their own: plain absent lookups without a file_id.
  CHECK(Rows(db->get(), "SELECT path, file_id IS NULL, why FROM files WHERE status = 'absent' ORDER BY path") ==
        std::vector<std::string>{kAbsent[0].path + "|1|[\"containerd config\"]",
                                 kAbsent[2].path + "|1|[\"a reason with \\\"quotes\\\" and \\\\ and \\t\"]",
                                 kAbsent[1].path + "|1|[\"a well-known location\",\"kube-apiserver --kubeconfig\"]",
                                 "/etc/odd|0|[\"x\"]"});
  CHECK(Value(db->get(), "SELECT count(*) FROM file_records") == "2");
}

TEST_CASE("bundles that looked up the same absent paths share one stored set", "[store]") {
  testing::ScratchDir dir("store-compact-shared");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  std::int64_t a = Insert(db->get(), NodeWithAbsent("a", kAbsent));
  std::int64_t b = Insert(db->get(), NodeWithAbsent("b", {kAbsent[1], kAbsent[2], kAbsent[0]}));
  std::vector<FileEvidence> other_reason = kAbsent;
  other_reason[0].why = {"another reason"};
  std::int64_t c = Insert(db->get(), NodeWithAbsent("c", other_reason));
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_sets") == "2");
  CHECK(Value(db->get(), "SELECT count(DISTINCT absent_set_id) FROM absent_lookups WHERE bundle_id IN (" +
                             std::to_string(a) + ", " + std::to_string(b) + ")") == "1");
  CHECK(Value(db->get(), "SELECT count(*) FROM files WHERE status = 'absent' GROUP BY bundle_id HAVING bundle_id = " +
                             std::to_string(c)) == "3");
  CHECK(Value(db->get(), "SELECT why FROM files WHERE bundle_id = " + std::to_string(c) +
                             " AND path = '/etc/containerd/config.toml'") == "[\"another reason\"]");
}

TEST_CASE("one bundle's files and their bytes are found through keys, without copying every stored content",
          "[store]") {
  testing::ScratchDir dir("store-compact-plan");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  // What evaluate asks per bundle, and what SCHEMA.md suggests: a plan that materialized the
  // view read the whole database for each bundle.
  std::string plan;
  for (const auto& row : Rows(db->get(), "EXPLAIN QUERY PLAN SELECT f.path, c.member, c.content FROM files f"
                                         " LEFT JOIN file_contents c ON c.file_id = f.file_id WHERE f.bundle_id = 1"))
    plan += row + "\n";
  INFO(plan);
  CHECK(plan.find("MATERIALIZE") == std::string::npos);
  CHECK(plan.find("SCAN m") == std::string::npos);
  CHECK(plan.find("SEARCH m USING INTEGER PRIMARY KEY") != std::string::npos);
}

TEST_CASE("deleting a bundle deletes its files, lookups and results and leaves another bundle's whole", "[store]") {
  testing::ScratchDir dir("store-compact-delete");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  Database* d = db->get();
  const std::int64_t gone = Ingest(d, Worker("worker-1", kAbsent));
  const std::int64_t kept = Ingest(d, Worker("worker-2", kAbsent));
  CHECK(Value(d, "SELECT count(*) FROM absent_lookups") == "2");
  CHECK(Value(d, "SELECT count(*) FROM absent_sets") == "1");
  // Alike nodes copied alike files: each content is stored once.
  CHECK(Value(d, "SELECT count(*) FROM file_members") == "4");
  CHECK(Value(d, "SELECT count(*) FROM contents") == "2");
  const auto kept_before = PublicRowsOf(d, kept);
  const auto gone_before = PublicRowsOf(d, gone);
  for (size_t i = 0; i < kPublicViewsOfBundle.size(); ++i) {
    INFO(kPublicViewsOfBundle[i]);
    CHECK_FALSE(kept_before[i].empty());
    CHECK(gone_before[i].size() == kept_before[i].size());
  }

  REQUIRE(d->Exec("DELETE FROM bundles WHERE bundle_id = " + std::to_string(gone)).ok());
  for (const char* table : {"file_records", "absent_lookups", "check_records", "evaluations", "setting_records",
                            "processes", "redactions", "collection_notes", "kubernetes_versions"}) {
    INFO(table);
    CHECK(Value(d, std::string("SELECT count(*) FROM ") + table + " WHERE bundle_id = " + std::to_string(gone)) == "0");
  }
  CHECK(Value(d, "SELECT count(*) FROM file_members WHERE file_id NOT IN (SELECT file_id FROM file_records)") == "0");
  const auto gone_after = PublicRowsOf(d, gone);
  for (size_t i = 0; i < kPublicViewsOfBundle.size(); ++i) {
    INFO(kPublicViewsOfBundle[i]);
    CHECK(gone_after[i].empty());
  }
  CHECK(PublicRowsOf(d, kept) == kept_before);
  // The shared rows the other bundle still refers to stay; they go with the last bundle.
  CHECK(Value(d, "SELECT count(*) FROM absent_sets") == "1");
  CHECK(Value(d, "SELECT count(*) FROM contents") == "2");
  CHECK(Rows(d, "PRAGMA foreign_key_check").empty());
  REQUIRE(d->Exec("DELETE FROM bundles WHERE bundle_id = " + std::to_string(kept)).ok());
  CHECK(Value(d, "SELECT count(*) FROM absent_sets") == "0");
  CHECK(Value(d, "SELECT count(*) FROM contents") == "0");
}

TEST_CASE("check result texts are stored once and read back exactly through check_results", "[store]") {
  testing::ScratchDir dir("store-compact-texts");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  Database* d = db->get();
  std::vector<int> texts;
  for (const char* node : {"worker-1", "worker-2", "worker-3"}) {
    IngestWorkerBundle(d, dir.path(), node);
    texts.push_back(std::stoi(Value(d, "SELECT count(*) FROM texts")));
  }
  REQUIRE(Value(d, "SELECT count(*) FROM check_results WHERE bundle_id = 1") ==
          std::to_string(testing::Cis16().checks.size()));
  // Alike nodes add no text but the time of their evaluation, when the clock ticked in between.
  CHECK(texts[2] <= texts[0] + 2);
  CHECK(Rows(d, "SELECT expected, actual, source, reason, evaluated_at FROM check_results WHERE bundle_id = 1 ORDER BY check_id") ==
        Rows(d, "SELECT expected, actual, source, reason, evaluated_at FROM check_results WHERE bundle_id = 3 ORDER BY check_id"));
  CHECK(Value(d, "SELECT count(*) FROM check_results WHERE expected IS NULL OR actual IS NULL OR source IS NULL"
                 " OR reason IS NULL OR evaluated_at IS NULL") == "0");
  // A query that reads no text reads no row of texts.
  auto plan = Rows(d, "EXPLAIN QUERY PLAN SELECT bundle_id, benchmark, check_id, status, reason_code FROM check_results");
  for (const auto& step : plan) CHECK(step.find("SEARCH") == std::string::npos);
}

TEST_CASE("a text interned in a transaction that rolls back is stored again, not referred to by a stale id", "[store]") {
  testing::ScratchDir dir("store-compact-rollback");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  Database* d = db->get();
  {
    auto tx = Transaction::Begin(d);
    REQUIRE(tx.ok());
    REQUIRE(InternText(d, "kept").ok());
    REQUIRE(tx->Commit().ok());
  }
  {
    auto tx = Transaction::Begin(d);
    REQUIRE(tx.ok());
    REQUIRE(InternText(d, "rolled back").ok());
    REQUIRE(InternAbsentSet(d, "[]").ok());
  }
  CHECK(Value(d, "SELECT count(*) FROM texts") == "1");
  auto tx = Transaction::Begin(d);
  REQUIRE(tx.ok());
  auto id = InternText(d, "rolled back");
  REQUIRE(id.ok());
  auto set = InternAbsentSet(d, "[]");
  REQUIRE(set.ok());
  REQUIRE(tx->Commit().ok());
  CHECK(Value(d, "SELECT text FROM texts WHERE text_id = " + std::to_string(*id)) == "rolled back");
  CHECK(Value(d, "SELECT listing FROM absent_sets WHERE absent_set_id = " + std::to_string(*set)) == "[]");
}

TEST_CASE("a version 8 database migrates to the current schema and every public row stays the same", "[store]") {
  testing::ScratchDir dir("store-compact-migrate");
  // The rows: three workers that looked up the same absent paths and a sample worker bundle that
  // looked up none, ingested with findings by this kubeproof, copied into a version 8 file through
  // the public views, plus an absent row with an error (it stays a row of its own).
  auto current = dir / "current.db";
  {
    auto db = Database::Open(current, Database::Mode::kReadWrite);
    REQUIRE(db.ok());
    for (const char* node : {"worker-1", "worker-2", "worker-3"}) Ingest(db->get(), Worker(node, kAbsent));
    IngestWorkerBundle(db->get(), dir.path(), "sample-worker");
  }
  auto path = dir / "v8.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    std::string sql;
    for (size_t i = 0; i < 8; ++i) sql += std::string(SchemaMigrations().at(i).sql);
    sql += "PRAGMA user_version = 8; PRAGMA application_id = 1263555142;"
           "ATTACH '" + current.string() + "' AS src;"
           "INSERT INTO bundles SELECT * FROM src.bundles;"
           "INSERT INTO kubernetes_versions SELECT * FROM src.kubernetes_versions;"
           "INSERT INTO processes SELECT * FROM src.processes;"
           "INSERT INTO process_args SELECT * FROM src.process_args;"
           "INSERT INTO files SELECT * FROM src.files WHERE file_id IS NOT NULL;"
           "INSERT INTO files (bundle_id, path, status, why) SELECT bundle_id, path, status, why FROM src.files"
           " WHERE file_id IS NULL ORDER BY bundle_id, path DESC;"
           "INSERT INTO files (bundle_id, path, status, error, why) VALUES (2, '/etc/odd', 'absent', 'gone', '[\"x\"]');"
           "INSERT INTO file_contents SELECT * FROM src.file_contents;"
           "INSERT INTO config_values SELECT * FROM src.config_values;"
           "INSERT INTO redactions SELECT * FROM src.redactions;"
           "INSERT INTO collection_notes SELECT * FROM src.collection_notes;"
           "INSERT INTO benchmarks SELECT * FROM src.benchmarks;"
           "INSERT INTO sections SELECT * FROM src.sections;"
           "INSERT INTO checks SELECT * FROM src.checks;"
           "INSERT INTO check_results SELECT * FROM src.check_results;"
           "INSERT INTO evaluations SELECT * FROM src.evaluations;"
           "INSERT INTO effective_settings SELECT * FROM src.effective_settings;"
           "DETACH src;";
    char* error = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(raw);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
  }
  const std::vector<std::string> queries = {
      kPublicFiles,
      "SELECT file_id, bundle_id, path FROM files WHERE status <> 'absent' ORDER BY file_id",
      "SELECT * FROM check_results ORDER BY bundle_id, benchmark, check_id",
      "SELECT * FROM findings ORDER BY bundle_id, benchmark, check_id",
      "SELECT * FROM section_summary ORDER BY bundle_id, benchmark, section",
      "SELECT f.bundle_id, f.path, c.member, hex(c.content) FROM file_contents c JOIN files f USING (file_id) ORDER BY 1, 2",
      "SELECT f.bundle_id, f.path, v.* FROM config_values v JOIN files f USING (file_id) ORDER BY 1, 2, v.rowid",
      "SELECT * FROM effective_settings ORDER BY bundle_id, benchmark, component, name",
      "SELECT * FROM node_settings ORDER BY bundle_id, benchmark, component, name",
  };
  std::vector<std::vector<std::string>> before;
  {
    auto db = Database::Open(path, Database::Mode::kReadOnly);
    REQUIRE(db.ok());
    REQUIRE((*db)->SchemaVersion() == 8);
    for (const auto& q : queries) before.push_back(Rows(db->get(), q));
  }
  // A report reads an older file as it stands: its texts in each row, not numbered in `texts`.
  const std::vector<std::string> report = {testing::KubeproofBinary(), "report", "--db", path.string(), "--format", "csv"};
  auto report_v8 = testing::RunProgram(report);
  INFO(report_v8.err);
  REQUIRE(report_v8.exit_code == 0);
  CHECK(static_cast<std::size_t>(std::count(report_v8.out.begin(), report_v8.out.end(), '\n')) ==
        1 + 4 * testing::Cis16().checks.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    INFO(queries[i]);
    CHECK_FALSE(before[i].empty());
  }
  CHECK(before[2].size() == 4 * testing::Cis16().checks.size());
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  INFO((db.ok() ? "" : db.status().message()));
  REQUIRE(db.ok());
  CHECK((*db)->SchemaVersion() == static_cast<int>(SchemaMigrations().size()));
  for (size_t i = 0; i < queries.size(); ++i) {
    INFO(queries[i]);
    CHECK(Rows(db->get(), queries[i]) == before[i]);
  }
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_sets") == "1");
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_lookups") == "3");
  CHECK(Value(db->get(), "SELECT error FROM file_records WHERE path = '/etc/odd'") == "gone");
  // A bundle ingested after the migration shares the migrated set and reads its lookups back.
  const std::int64_t fourth = Ingest(db->get(), Worker("worker-4", kAbsent));
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_sets") == "1");
  auto loaded = LoadEvidence(db->get(), fourth);
  REQUIRE(loaded.ok());
  CHECK(loaded->files.size() == 2 + kAbsent.size());
  db->reset();
  auto check = testing::RunProgram({testing::KubeproofBinary(), "check", "--db", path.string()});
  CHECK(check.exit_code == 0);
  // The same findings and texts in the same order, now read through the numbered texts; the
  // fourth worker adds its own rows at the end of each check.
  auto report_v9 = testing::RunProgram(report);
  REQUIRE(report_v9.exit_code == 0);
  std::string without_fourth;
  std::istringstream lines(report_v9.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(",worker-4,") == std::string::npos) without_fourth += line + "\n";
  }
  CHECK(without_fourth == report_v8.out);
}

}  // namespace kubeproof
