#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "analyzer/ingest/ingester.h"
#include "analyzer/store/database.h"
#include "analyzer/store/schema_migrations.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"

namespace kubeproof {
namespace {

using ColumnsByRelation = std::map<std::string, std::set<std::string>>;

std::string SchemaDoc() {
  std::ifstream in(std::string(KUBEPROOF_SOURCE_DIR) + "/schema/SCHEMA.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "### `name`" starts a table or view; "| `column` |" rows under it name its columns.
ColumnsByRelation DocumentedColumns(const std::string& doc) {
  ColumnsByRelation out;
  std::istringstream in(doc);
  std::string current;
  std::regex heading("^### `([a-z_]+)`$");
  std::regex row("^\\| `([a-z_0-9]+)` \\|");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, heading)) {
      current = m[1];
      out[current];
    } else if (line.rfind("## ", 0) == 0) {
      current.clear();
    } else if (!current.empty() && std::regex_search(line, m, row)) {
      out[current].insert(m[1]);
    }
  }
  return out;
}

ColumnsByRelation ActualColumns(Database* db) {
  ColumnsByRelation out;
  auto names = db->Prepare(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name");
  REQUIRE(names.ok());
  while (names->Step()) out[names->Text(0)];
  for (auto& [relation, columns] : out) {
    auto info = db->Prepare("SELECT name FROM pragma_table_info(?)");
    REQUIRE(info.ok());
    info->Bind(1, relation);
    while (info->Step()) columns.insert(info->Text(0));
  }
  return out;
}

std::vector<std::string> ExampleQueries(const std::string& doc) {
  std::vector<std::string> queries;
  std::size_t at = 0;
  while ((at = doc.find("```sql\n", at)) != std::string::npos) {
    at += 7;
    std::size_t end = doc.find("```", at);
    queries.push_back(doc.substr(at, end - at));
    at = end + 3;
  }
  return queries;
}

}  // namespace

TEST_CASE("SCHEMA.md documents every table and view and column of the schema and nothing else", "[store]") {
  testing::ScratchDir dir("store-schema-doc");
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  ColumnsByRelation actual = ActualColumns(db->get());
  ColumnsByRelation documented = DocumentedColumns(SchemaDoc());
  REQUIRE(actual.size() >= 15);
  for (const auto& [relation, columns] : actual) {
    INFO("relation " << relation);
    REQUIRE(documented.count(relation) == 1);
    CHECK(documented.at(relation) == columns);
  }
  for (const auto& [relation, columns] : documented) {
    INFO("documented relation " << relation);
    CHECK(actual.count(relation) == 1);
  }
}

TEST_CASE("SCHEMA.md example queries run on an ingested database", "[store]") {
  testing::ScratchDir dir("store-schema-examples");
  auto bundle = testing::WriteFile(dir / "worker.tar.gz", testing::WriteBundle(testing::WorkerBundle()));
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  auto prepared = PrepareBundle(bundle, IngestSettings{});
  REQUIRE(prepared.ok());
  REQUIRE(StoreBundle(db->get(), *prepared, nullptr).ok());
  auto queries = ExampleQueries(SchemaDoc());
  REQUIRE(queries.size() >= 8);
  for (const auto& sql : queries) {
    INFO(sql);
    auto stmt = (*db)->Prepare(sql);
    REQUIRE(stmt.ok());
    while (stmt->Step()) {
    }
    CHECK(stmt->status().ok());
  }
}

TEST_CASE("a new database gets the current schema version with WAL and foreign keys", "[store]") {
  testing::ScratchDir dir("store-new-database");
  auto path = dir / "audit.db";
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  CHECK((*db)->SchemaVersion() == static_cast<int>(SchemaMigrations().size()));
  {
    auto mode = (*db)->Prepare("PRAGMA journal_mode");
    REQUIRE(mode.ok());
    REQUIRE(mode->Step());
    CHECK(mode->Text(0) == "wal");
    auto keys = (*db)->Prepare("PRAGMA foreign_keys");
    REQUIRE(keys.ok());
    REQUIRE(keys->Step());
    CHECK(keys->Int(0) == 1);
  }
  // Reopening migrates nothing and keeps what is there.
  auto prepared = PrepareBundle(testing::WriteFile(dir / "w.tar.gz", testing::WriteBundle(testing::WorkerBundle())),
                                IngestSettings{});
  REQUIRE(prepared.ok());
  auto stored = StoreBundle(db->get(), *prepared, nullptr);
  INFO(stored.status().message());
  REQUIRE(stored.ok());
  db->reset();
  auto again = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(again.ok());
  again->reset();
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM bundles") == "1");
}

// Regression: PRAGMA journal_mode = WAL on a new file returned "database is locked" at once,
// without waiting, while another connection held the write lock.
TEST_CASE("opening a new database waits for another connection's write lock instead of failing", "[store]") {
  testing::ScratchDir dir("store-new-database-locked");
  auto path = dir / "audit.db";
  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &holder) == SQLITE_OK);
  // The holder's COMMIT must itself wait out the opener's brief read locks between its tries.
  sqlite3_busy_timeout(holder, 30000);
  REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto opening = std::async(std::launch::async, [&] { return Database::Open(path, Database::Mode::kReadWrite); });
  // The open cannot finish while the lock is held, however long that is.
  CHECK(opening.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  REQUIRE(sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(holder);
  auto db = opening.get();
  INFO(db.status().message());
  REQUIRE(db.ok());
  auto mode = (*db)->Prepare("PRAGMA journal_mode");
  REQUIRE(mode.ok());
  REQUIRE(mode->Step());
  CHECK(mode->Text(0) == "wal");
  CHECK((*db)->SchemaVersion() == static_cast<int>(SchemaMigrations().size()));
}

TEST_CASE("deleting a bundle removes every row derived from it", "[store]") {
  testing::ScratchDir dir("store-cascade");
  auto path = dir / "audit.db";
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  auto prepared = PrepareBundle(testing::WriteFile(dir / "w.tar.gz", testing::WriteBundle(testing::WorkerBundle())),
                                IngestSettings{});
  REQUIRE(prepared.ok());
  REQUIRE(StoreBundle(db->get(), *prepared, nullptr).ok());
  REQUIRE((*db)->Exec("DELETE FROM bundles").ok());
  db->reset();
  auto snapshot = testing::SnapshotDatabase(path);
  for (const auto& [table, rows] : snapshot.row_counts) {
    INFO(table);
    CHECK(rows == 0);
  }
}

TEST_CASE("a database newer than the program is refused for reading and writing", "[store]") {
  testing::ScratchDir dir("store-newer");
  auto path = dir / "audit.db";
  REQUIRE(Database::Open(path, Database::Mode::kReadWrite).ok());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto write = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE_FALSE(write.ok());
  CHECK(write.status().code() == Status::Code::kUnsupported);
  CHECK_THAT(write.status().message(), Catch::Contains("schema version 99 is newer than this kubeproof understands"));
  auto read = Database::Open(path, Database::Mode::kReadOnly);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == Status::Code::kUnsupported);
  CHECK(testing::QueryValue(path, "PRAGMA user_version") == "99");
}

namespace {
std::string FileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
}  // namespace

// Regression: another program's SQLite file was adopted (tables added, switched to WAL).
TEST_CASE("another program's SQLite file is refused for reading and writing and left unchanged", "[store]") {
  testing::ScratchDir dir("store-foreign");
  auto path = dir / "other.db";
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const std::string before = FileBytes(path);
  for (auto mode : {Database::Mode::kReadWrite, Database::Mode::kReadOnly}) {
    auto db = Database::Open(path, mode);
    REQUIRE_FALSE(db.ok());
    CHECK(db.status().code() == Status::Code::kInvalidArgument);
    CHECK(db.status().message() == path.string() + " is not a kubeproof database");
  }
  CHECK(FileBytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
  CHECK(testing::QueryValue(path, "PRAGMA journal_mode") == "delete");
}

// Regression: a newer schema was refused only after the file had been switched to WAL.
TEST_CASE("a database newer than the program is refused before anything in it changes", "[store]") {
  testing::ScratchDir dir("store-newer-unchanged");
  auto path = dir / "newer.db";
  REQUIRE(Database::Open(path, Database::Mode::kReadWrite).ok());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(raw);
  const std::string before = FileBytes(path);
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().code() == Status::Code::kUnsupported);
  CHECK(FileBytes(path) == before);
  CHECK(testing::QueryValue(path, "PRAGMA journal_mode") == "delete");
}

TEST_CASE("a new database is marked as kubeproof's, and an empty file is adopted", "[store]") {
  testing::ScratchDir dir("store-application-id");
  auto path = dir / "audit.db";
  std::ofstream(path).close();  // an empty file, as `touch` leaves it
  REQUIRE(Database::Open(path, Database::Mode::kReadWrite).ok());
  CHECK(testing::QueryValue(path, "PRAGMA application_id") == std::to_string(0x4B505246));
  CHECK(Database::Open(path, Database::Mode::kReadOnly).ok());
}

TEST_CASE("a write transaction that is not committed leaves nothing behind", "[store]") {
  testing::ScratchDir dir("store-rollback");
  auto path = dir / "audit.db";
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  {
    auto tx = Transaction::Begin(db->get());
    REQUIRE(tx.ok());
    auto insert = (*db)->Prepare("INSERT INTO benchmarks (benchmark, title) VALUES (?, ?)");
    REQUIRE(insert.ok());
    REQUIRE(insert->Bind(1, "b'; DROP TABLE checks; --").Bind(2, "t").Run().ok());
  }
  db->reset();
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM benchmarks") == "0");
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM sqlite_master WHERE name = 'checks'") == "1");
}

TEST_CASE("a version 1 database migrates to the current schema with every row kept", "[store]") {
  testing::ScratchDir dir("store-migrate-v1");
  auto path = dir / "audit.db";
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  std::string v1 = std::string(SchemaMigrations().at(0).sql) +
                   "PRAGMA user_version = 1;"
                   "INSERT INTO bundles VALUES (7, 'aa', 1, 'kubeproof-collect', '0.1.0', 'n1', 'c1', NULL, NULL, NULL,"
                   " '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'full', '{}', '2026-01-02T00:00:00Z');"
                   "INSERT INTO processes VALUES (3, 7, 100, NULL, 0, 'kubelet', '[\"kubelet\"]');"
                   "INSERT INTO process_args VALUES (3, 1, 'read-only-port', '0', 0);"
                   "INSERT INTO benchmarks VALUES ('b', 'B');"
                   "INSERT INTO sections VALUES ('b', '4.2', 'Kubelet', 0);"
                   "INSERT INTO checks VALUES ('b', '4.2.4', '4.2', 't', 1, 1, 'kubelet', 'e', 'r', 0);"
                   "INSERT INTO check_results VALUES (7, 'b', '4.2.4', 'PASS', 'e', '0', 'flag', '', '2026-01-02T00:00:00Z');"
                   "INSERT INTO effective_settings VALUES (7, 'kubelet', 'read-only-port', '0', 'flag');";
  REQUIRE(sqlite3_exec(raw, v1.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);

  auto db = Database::Open(path, Database::Mode::kReadWrite);
  INFO((db.ok() ? "" : db.status().message()));
  REQUIRE(db.ok());
  CHECK((*db)->SchemaVersion() == static_cast<int>(SchemaMigrations().size()));
  db->reset();
  CHECK(testing::QueryValue(path, "SELECT node || ' ' || check_id || ' ' || status FROM findings") == "n1 4.2.4 PASS");
  CHECK(testing::QueryValue(path, "SELECT passed FROM section_summary") == "1");
  CHECK(testing::QueryValue(path, "SELECT value FROM node_settings WHERE name = 'read-only-port'") == "0");
  // Settings evaluated before benchmarks sat side by side belong to the benchmark of the findings.
  CHECK(testing::QueryValue(path, "SELECT benchmark FROM node_settings") == "b");
  CHECK(testing::QueryValue(path, "SELECT basis || ': ' || note FROM evaluations") ==
        "unrecorded: evaluated before the benchmark choice was recorded");
  CHECK(testing::QueryValue(path, "SELECT flag || '=' || value FROM process_args") == "read-only-port=0");
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%WITHOUT ROWID'") == "4");
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM sqlite_master WHERE name = 'config_values_by_key'") == "0");
  CHECK(testing::QueryValue(path, "PRAGMA foreign_key_check") == "");
}

TEST_CASE("a transaction begun inside another is a savepoint of its own", "[store]") {
  testing::ScratchDir dir("store-savepoint");
  auto path = dir / "audit.db";
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  auto insert = [&](const std::string& id) {
    auto stmt = (*db)->Prepare("INSERT INTO benchmarks (benchmark, title) VALUES (?, 't')");
    REQUIRE(stmt.ok());
    REQUIRE(stmt->Bind(1, id).Run().ok());
  };
  {
    auto outer = Transaction::Begin(db->get());
    REQUIRE(outer.ok());
    insert("kept");
    {
      auto inner = Transaction::Begin(db->get());
      REQUIRE(inner.ok());
      insert("rolled back");
    }
    {
      auto inner = Transaction::Begin(db->get());
      REQUIRE(inner.ok());
      insert("released");
      REQUIRE(inner->Commit().ok());
    }
    CHECK_FALSE((*db)->InAutocommit());
    REQUIRE(outer->Commit().ok());
  }
  CHECK((*db)->InAutocommit());
  db->reset();
  CHECK(testing::QueryValue(path, "SELECT group_concat(benchmark, ',') FROM (SELECT benchmark FROM benchmarks ORDER BY 1)") ==
        "kept,released");
}

}  // namespace kubeproof
