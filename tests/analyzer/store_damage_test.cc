#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fstream>
#include <string>

#include "analyzer/store/schema_migrations.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

using testing::RunProgram;

std::filesystem::path IngestedDatabase(const testing::ScratchDir& dir) {
  auto bundle = testing::WriteFile(dir / "worker.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker")));
  auto db = dir / "audit.db";
  auto ingest = RunProgram({testing::KubeproofBinary(), "ingest", "--db", db.string(), bundle.string()});
  INFO(ingest.err);
  REQUIRE(ingest.exit_code == 0);
  return db;
}

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Overwrites the first byte of the b-tree page that roots `object` (its page type) with 0x00,
// which no valid page has: SQLite reports the page as malformed when it reads it.
void DamageRootPage(const std::filesystem::path& db, const std::string& object) {
  const auto page_size = std::stoll(testing::QueryValue(db, "PRAGMA page_size"));
  const auto root = std::stoll(testing::QueryValue(db, "SELECT rootpage FROM sqlite_master WHERE name = '" + object + "'"));
  REQUIRE(root > 1);
  std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp((root - 1) * page_size);
  file.put('\0');
  REQUIRE(file.good());
}

// Changes the stored definition of a view, as a careless hand with a SQLite shell could.
void RewriteView(const std::filesystem::path& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  const char* sql =
      "PRAGMA writable_schema = ON;"
      "UPDATE sqlite_master SET sql = replace(sql, 'r.status', '''PASS''') WHERE name = 'findings';"
      "PRAGMA writable_schema = OFF;";
  char* error = nullptr;
  int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &error);
  std::string message = error == nullptr ? "" : error;
  sqlite3_free(error);
  sqlite3_close(raw);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
}

void CheckRefusedAsDamaged(const testing::ProgramResult& result, const std::string& command,
                           const std::filesystem::path& db) {
  INFO(result.err);
  CHECK(result.exit_code == 3);
  auto lines = testing::Lines(result.err);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("kubeproof " + command + ": database ") &&
                           Catch::Contains("is damaged") &&
                           Catch::EndsWith("run 'kubeproof check --db " + std::filesystem::absolute(db).string() + "'"));
}

}  // namespace

TEST_CASE("report, query, ingest and evaluate refuse a database with a damaged table none of them reads",
          "[store][cli]") {
  testing::ScratchDir dir("store-damaged-table");
  auto db = IngestedDatabase(dir);
  auto other = testing::WriteFile(dir / "other.tar.gz", testing::WriteBundle(testing::WorkerBundle("other")));
  DamageRootPage(db, "redactions");
  const std::string before = ReadBytes(db);

  CheckRefusedAsDamaged(RunProgram({testing::KubeproofBinary(), "report", "--db", db.string()}), "report", db);
  CheckRefusedAsDamaged(RunProgram({testing::KubeproofBinary(), "query", "--db", db.string(), "SELECT count(*) FROM bundles"}),
                        "query", db);
  CheckRefusedAsDamaged(RunProgram({testing::KubeproofBinary(), "ingest", "--db", db.string(), other.string()}), "ingest", db);
  CheckRefusedAsDamaged(RunProgram({testing::KubeproofBinary(), "evaluate", "--db", db.string()}), "evaluate", db);
  // Nothing was appended to the damaged file.
  CHECK(ReadBytes(db) == before);
}

TEST_CASE("a database whose view definition was changed is refused as damaged", "[store][cli]") {
  testing::ScratchDir dir("store-changed-view");
  auto db = IngestedDatabase(dir);
  RewriteView(db);
  CheckRefusedAsDamaged(RunProgram({testing::KubeproofBinary(), "query", "--db", db.string(), "SELECT count(*) FROM findings"}),
                        "query", db);
}

TEST_CASE("check says ok for an intact database and exits 0", "[store][cli]") {
  testing::ScratchDir dir("store-check-intact");
  auto db = IngestedDatabase(dir);
  const std::string before = ReadBytes(db);
  auto check = RunProgram({testing::KubeproofBinary(), "check", "--db", db.string()});
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out == db.string() + ": ok (schema version " + std::to_string(SchemaMigrations().size()) + ")\n");
  CHECK(ReadBytes(db) == before);
}

TEST_CASE("check lists the problems of a database with a damaged index and exits 1", "[store][cli]") {
  testing::ScratchDir dir("store-check-index");
  auto db = IngestedDatabase(dir);
  DamageRootPage(db, "redactions_by_bundle");
  auto check = RunProgram({testing::KubeproofBinary(), "check", "--db", db.string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  REQUIRE_FALSE(check.out.empty());
  for (const auto& line : testing::Lines(check.out)) CHECK_THAT(line, Catch::StartsWith(db.string() + ": "));
  CHECK_THAT(check.err, Catch::StartsWith("kubeproof check: " + db.string() + " is damaged: "));
}

TEST_CASE("check reports a changed view definition", "[store][cli]") {
  testing::ScratchDir dir("store-check-view");
  auto db = IngestedDatabase(dir);
  RewriteView(db);
  auto check = RunProgram({testing::KubeproofBinary(), "check", "--db", db.string()});
  CHECK(check.exit_code == 1);
  CHECK(check.out == db.string() + ": view findings has a changed definition\n");
}

TEST_CASE("check calls a file that is not a database at all damaged, and another program's database foreign",
          "[store][cli]") {
  testing::ScratchDir dir("store-check-foreign");
  auto garbage = testing::WriteFile(dir / "garbage.db", std::string(8192, 'x'));
  auto damaged = RunProgram({testing::KubeproofBinary(), "check", "--db", garbage.string()});
  CHECK(damaged.exit_code == 1);
  CHECK_THAT(damaged.err, Catch::Contains("is damaged"));

  auto foreign = dir / "foreign.db";
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(foreign.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto refused = RunProgram({testing::KubeproofBinary(), "check", "--db", foreign.string()});
  CHECK(refused.exit_code == 3);
  CHECK(refused.err == "kubeproof check: " + foreign.string() + " is not a kubeproof database\n");
}

}  // namespace kubeproof
