// Schema version 9: absent lookups and check result texts are stored once, behind the `files` and
// `check_results` views, which keep their columns and rows; a version-8 database migrates to it.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>
#include <vector>

#include "analyzer/ingest/ingester.h"
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

const char* kPublicFiles =
    "SELECT bundle_id, path, status, type, mode, mode_octal, uid, gid, owner, group_name, size, mtime,"
    " link_target, error, content_policy, content_sha256, why FROM files ORDER BY bundle_id, path";

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

TEST_CASE("deleting a bundle deletes its files, lookups and results and leaves another bundle's whole", "[store]") {
  testing::ScratchDir dir("store-compact-delete");
  auto path = dir / "audit.db";
  auto first = testing::WriteFile(dir / "w1.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker-1")));
  auto second = testing::WriteFile(dir / "w2.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker-2")));
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  for (const auto& bundle : {first, second}) {
    auto prepared = PrepareBundle(bundle, IngestSettings{});
    REQUIRE(prepared.ok());
    REQUIRE(StoreBundle(db->get(), *prepared, nullptr).ok());
  }
  Database* d = db->get();
  const std::string kept = "SELECT (SELECT count(*) FROM files WHERE bundle_id = 2) || ' ' ||"
                           " (SELECT count(*) FROM check_results WHERE bundle_id = 2) || ' ' ||"
                           " (SELECT count(*) FROM file_contents JOIN files USING (file_id) WHERE bundle_id = 2)";
  const std::string before = Value(d, kept);
  CHECK(Value(d, "SELECT count(*) FROM absent_lookups") == "2");
  CHECK(Value(d, "SELECT count(*) FROM absent_sets") == "1");
  // Alike nodes copied alike files: each content is stored once.
  CHECK(std::stoi(Value(d, "SELECT count(*) FROM contents")) < std::stoi(Value(d, "SELECT count(*) FROM file_members")));
  REQUIRE(d->Exec("DELETE FROM bundles WHERE bundle_id = 1").ok());
  for (const char* table : {"file_records", "absent_lookups", "check_records", "evaluations", "setting_records",
                            "processes", "redactions", "collection_notes", "kubernetes_versions"}) {
    INFO(table);
    CHECK(Value(d, std::string("SELECT count(*) FROM ") + table + " WHERE bundle_id = 1") == "0");
  }
  CHECK(Value(d, "SELECT count(*) FROM files WHERE bundle_id = 1") == "0");
  CHECK(Value(d, "SELECT count(*) FROM check_results WHERE bundle_id = 1") == "0");
  CHECK(Value(d, "SELECT count(*) FROM file_members WHERE file_id NOT IN (SELECT file_id FROM file_records)") == "0");
  CHECK(Value(d, kept) == before);
  CHECK(Rows(d, "PRAGMA foreign_key_check").empty());
}

TEST_CASE("check result texts are stored once and read back exactly through check_results", "[store]") {
  testing::ScratchDir dir("store-compact-texts");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  Database* d = db->get();
  std::vector<int> texts;
  for (const char* node : {"worker-1", "worker-2", "worker-3"}) {
    auto bundle = testing::WriteFile(dir / (std::string(node) + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node)));
    auto prepared = PrepareBundle(bundle, IngestSettings{});
    REQUIRE(prepared.ok());
    REQUIRE(StoreBundle(d, *prepared, nullptr).ok());
    texts.push_back(std::stoi(Value(d, "SELECT count(*) FROM texts")));
  }
  REQUIRE(std::stoi(Value(d, "SELECT count(*) FROM check_results WHERE bundle_id = 1")) > 50);
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

TEST_CASE("a version 8 database migrates to version 9 and every public row stays the same", "[store]") {
  testing::ScratchDir dir("store-compact-migrate");
  // The rows: three sample workers ingested by this kubeproof, copied into a version 8 file through
  // the public views, plus an absent row with an error (it stays a row of its own).
  auto current = dir / "current.db";
  {
    auto db = Database::Open(current, Database::Mode::kReadWrite);
    REQUIRE(db.ok());
    for (const char* node : {"worker-1", "worker-2", "worker-3"}) {
      auto bundle = testing::WriteFile(dir / (std::string(node) + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node)));
      auto prepared = PrepareBundle(bundle, IngestSettings{});
      REQUIRE(prepared.ok());
      REQUIRE(StoreBundle(db->get(), *prepared, nullptr).ok());
    }
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
    INFO(sqlite3_errmsg(raw));
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
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
  CHECK(before[0].size() > 100);
  CHECK(before[2].size() > 100);
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  INFO((db.ok() ? "" : db.status().message()));
  REQUIRE(db.ok());
  CHECK((*db)->SchemaVersion() == 9);
  for (size_t i = 0; i < queries.size(); ++i) {
    INFO(queries[i]);
    CHECK(Rows(db->get(), queries[i]) == before[i]);
  }
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_sets") == "1");
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_lookups") == "3");
  CHECK(Value(db->get(), "SELECT error FROM file_records WHERE path = '/etc/odd'") == "gone");
  // A bundle ingested after the migration shares the migrated set, and evaluate reads it back.
  auto bundle = testing::WriteFile(dir / "worker-4.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker-4")));
  auto prepared = PrepareBundle(bundle, IngestSettings{});
  REQUIRE(prepared.ok());
  REQUIRE(StoreBundle(db->get(), *prepared, nullptr).ok());
  CHECK(Value(db->get(), "SELECT count(*) FROM absent_sets") == "1");
  db->reset();
  auto check = testing::RunProgram({testing::KubeproofBinary(), "check", "--db", path.string()});
  CHECK(check.exit_code == 0);
}

}  // namespace kubeproof
