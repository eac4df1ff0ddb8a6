#include <catch2/catch.hpp>

#include <chrono>

#include <nlohmann/json.hpp>

#include "analyzer/commands/command.h"
#include "analyzer/report/named_queries.h"
#include "analyzer/report/sql_query.h"
#include "tests/analyzer/report_test_db.h"
#include "tests/support/database_snapshot.h"

namespace kubeproof {
namespace {

std::unique_ptr<Database> OpenReadOnly(const testing::TestDatabase& db) {
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  REQUIRE(d.ok());
  return std::move(*d);
}

TEST_CASE("query refuses a write statement before it runs and the database is unchanged", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto before = testing::SnapshotDatabase(db.path());
  auto d = OpenReadOnly(db);
  for (const char* sql : {"DELETE FROM check_records", "UPDATE bundles SET node = 'x'", "DROP TABLE bundles",
                          "INSERT INTO benchmarks (benchmark, title) VALUES ('a', 'b')", "CREATE TABLE t (x)"}) {
    auto r = RunReadOnlyQuery(d.get(), sql);
    INFO(sql);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "refused: this statement would change the database; query opens it read-only");
  }
  CHECK(RunQuery({"--db", db.path().string(), "DELETE FROM bundles"}) == kExitUsage);
  CHECK(testing::SnapshotDatabase(db.path()) == before);
}

TEST_CASE("query refuses a second statement hidden after the first", "[query]") {
  CHECK(HasSecondStatement("SELECT 1; DELETE FROM bundles"));
  CHECK(HasSecondStatement("SELECT 1;/* c */SELECT 2"));
  CHECK_FALSE(HasSecondStatement("SELECT 1;"));
  CHECK_FALSE(HasSecondStatement("SELECT 1; -- trailing comment"));
  CHECK_FALSE(HasSecondStatement("SELECT 'a;b', \"c;d\" FROM [x;y]"));
  CHECK_FALSE(HasSecondStatement("SELECT 'it''s; fine'"));
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  auto r = RunReadOnlyQuery(d.get(), "SELECT 1; DELETE FROM bundles");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "give one SQL statement at a time");
}

TEST_CASE("query prints a table, CSV with a header, and JSON with numbers and nulls", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  auto r = RunReadOnlyQuery(d.get(), "SELECT node, 2 AS n, 0.5 AS r, NULL AS z FROM bundles ORDER BY node LIMIT 2");
  REQUIRE(r.ok());
  CHECK(QueryTable(*r) ==
        "node  n  r    z\n"
        "----  -  ---  ----\n"
        "a1    2  0.5  NULL\n"
        "a2    2  0.5  NULL\n"
        "(2 rows)\n");
  CHECK(QueryCsv(*r) == "node,n,r,z\na1,2,0.5,\na2,2,0.5,\n");
  auto j = nlohmann::json::parse(QueryJson(*r));
  CHECK(j[0]["node"] == "a1");
  CHECK(j[0]["n"] == 2);
  CHECK(j[0]["r"] == 0.5);
  CHECK(j[0]["z"].is_null());
}

TEST_CASE("every named query runs on a fresh database and has a summary", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  REQUIRE(NamedQueries().size() >= 4);
  for (const auto& q : NamedQueries()) {
    INFO(q.name);
    CHECK_FALSE(q.summary.empty());
    auto r = RunReadOnlyQuery(d.get(), q.sql);
    CHECK(r.ok());
  }
  CHECK(FindNamedQuery("failed-by-node") != nullptr);
  CHECK(FindNamedQuery("nope") == nullptr);
}

TEST_CASE("failed-by-node lists each failing finding in benchmark order", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  auto r = RunReadOnlyQuery(d.get(), FindNamedQuery("failed-by-node")->sql);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 3);
  CHECK(r->rows[0][1].text == "a2");
  CHECK(r->rows[0][3].text == "4.2.2");
  CHECK(r->rows[1][1].text == "b1");
  CHECK(r->rows[1][3].text == "1.1.1");
  CHECK(r->rows[2][3].text == "4.2.1");
}

TEST_CASE("benchmark-choice lists each node's platform and the benchmark it was judged by", "[query]") {
  auto nodes = testing::TwoClusters();
  nodes[2].platform = "eks";
  nodes[2].benchmark = "test-2.0";
  testing::TestDatabase db(nodes);
  auto d = OpenReadOnly(db);
  auto r = RunReadOnlyQuery(d.get(), FindNamedQuery("benchmark-choice")->sql);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 3);
  CHECK(r->rows[0][1].text == "a1");
  CHECK(r->rows[0][2].text == "unknown");
  CHECK(r->rows[2][1].text == "b1");
  CHECK(r->rows[2][2].text == "eks");
  CHECK(r->rows[2][4].text == "test marker of eks");
  CHECK(r->rows[2][7].text == "test-2.0");
  CHECK(r->rows[2][8].text == "requested");
}

TEST_CASE("unverifiable-by-reason counts findings and nodes per reason", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  auto r = RunReadOnlyQuery(d.get(), FindNamedQuery("unverifiable-by-reason")->sql);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 2);
  CHECK(r->rows[0][0].text == "kube-apiserver not running on this node");
  CHECK(r->rows[0][1].text == "2");
  CHECK(r->rows[0][2].text == "2");
}

TEST_CASE("query usage errors: unknown name, SQL and --name together, no SQL, SQL that SQLite rejects", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string path = db.path().string();
  CHECK(RunQuery({"--db", path, "--name", "failed-by-nod"}) == kExitUsage);
  CHECK(RunQuery({"--db", path, "--name", "failed-by-node", "SELECT 1"}) == kExitUsage);
  CHECK(RunQuery({"--db", path}) == kExitUsage);
  CHECK(RunQuery({"--db", path, "--format", "xml", "SELECT 1"}) == kExitUsage);
  CHECK(RunQuery({"--db", path, "SELECT * FROM no_such_table"}) == kExitUsage);
}

}  // namespace
}  // namespace kubeproof

namespace kubeproof {
namespace {

// Regression: a recursive CTE ran forever.
TEST_CASE("a runaway query stops at --timeout with exit 3", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto started = std::chrono::steady_clock::now();
  int rc = RunQuery({"--db", db.path().string(), "--timeout", "1",
                     "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"});
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(rc == kExitError);
  CHECK(took >= std::chrono::seconds(1));
  CHECK(took < std::chrono::seconds(30));
  CHECK(RunQuery({"--db", db.path().string(), "--timeout", "0", "SELECT 1"}) == kExitUsage);
  CHECK(RunQuery({"--db", db.path().string(), "--timeout", "soon", "SELECT 1"}) == kExitUsage);
}

TEST_CASE("query's connection distrusts the schema", "[query]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto d = OpenReadOnly(db);
  auto trusted = RunReadOnlyQuery(d.get(), "PRAGMA trusted_schema");
  REQUIRE(trusted.ok());
  REQUIRE(trusted->rows.size() == 1);
  CHECK(trusted->rows[0][0].text == "0");
}

}  // namespace
}  // namespace kubeproof
