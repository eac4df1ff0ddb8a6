// What changed between audits, read from databases filled through the store API: which bundles
// are compared, what is listed, how each format shows it, and databases from before schema 7.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/report/changes.h"
#include "analyzer/report/changes_renderer.h"
#include "analyzer/store/schema_migrations.h"
#include "tests/analyzer/report_test_db.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

using testing::TestDatabase;
using testing::TestNode;
using S = CheckStatus;

Changes Load(const std::filesystem::path& path, const ChangesFilter& filter = {}) {
  auto db = Database::Open(path, Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto changes = LoadChanges(db->get(), filter);
  INFO((changes.ok() ? "" : changes.status().message()));
  REQUIRE(changes.ok());
  return std::move(*changes);
}

Changes Load(const TestDatabase& tdb, const ChangesFilter& filter = {}) {
  return Load(tdb.path(), filter);
}

Status LoadError(const TestDatabase& tdb, const ChangesFilter& filter) {
  auto db = Database::Open(tdb.path(), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto changes = LoadChanges(db->get(), filter);
  REQUIRE_FALSE(changes.ok());
  return changes.status();
}

// "cluster/node kind" per listed node, in the order listed.
std::vector<std::string> Listed(const Changes& c) {
  std::vector<std::string> out;
  for (const auto& n : c.nodes) {
    const char* kind = n.kind == NodeChange::Kind::kChanged    ? "changed"
                       : n.kind == NodeChange::Kind::kAppeared ? "appeared"
                                                               : "vanished";
    out.push_back((n.cluster.empty() ? "" : n.cluster + "/") + n.node + " " + kind);
  }
  return out;
}

const NodeChange& Node(const Changes& c, const std::string& node) {
  for (const auto& n : c.nodes) {
    if (n.node == node) return n;
  }
  FAIL("no change listed for " << node);
  throw std::logic_error("unreachable");
}

// "check before->after" per changed check of a node.
std::vector<std::string> Flips(const NodeChange& n) {
  std::vector<std::string> out;
  for (const auto& c : n.checks) {
    out.push_back(c.check_id + " " + std::string(CheckStatusName(c.before)) + "->" +
                  std::string(CheckStatusName(c.after)));
  }
  return out;
}

// A node's bundle with 4.2.1 and 4.2.2 as given, stored by ingest run `run`.
TestNode Bundle(const std::string& cluster, const std::string& node, const std::string& started_at,
                std::int64_t run, S anonymous = S::kPass, S read_only_port = S::kPass) {
  TestNode n{cluster,
             node,
             {{"4.2.1", anonymous, anonymous == S::kPass ? "false" : "true",
               "config file key authentication.anonymous.enabled"},
              {"4.2.2", read_only_port, read_only_port == S::kPass ? "0" : "10255",
               "flag --read-only-port"}}};
  n.started_at = started_at;
  n.ingest_run = run;
  return n;
}

}  // namespace

TEST_CASE(
    "each cluster is compared with its own previous audit, not with the database's newest ingest",
    "[changes]") {
  TestDatabase db({
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 2, S::kFail),
      Bundle("alpha", "a3", "2026-02-01T00:00:00Z", 2),
      // beta's first audit comes later: none of its nodes appeared, and alpha's rounds stay 1
      // and 2.
      Bundle("beta", "b1", "2026-03-01T00:00:00Z", 3),
      // Bundles without a cluster are a group of their own.
      Bundle("", "n1", "2026-01-01T00:00:00Z", 1),
      Bundle("", "n1", "2026-03-01T00:00:00Z", 3, S::kPass, S::kFail),
  });
  Changes c = Load(db);
  CHECK(c.has_previous);
  CHECK(c.baseline == "each node's bundle before its newest");
  CHECK(c.since.empty());
  CHECK(Listed(c) == std::vector<std::string>{"n1 changed", "alpha/a1 changed", "alpha/a2 vanished",
                                              "alpha/a3 appeared"});
  CHECK(c.nodes_compared == 2);
  const NodeChange& a1 = Node(c, "a1");
  CHECK(Flips(a1) == std::vector<std::string>{"4.2.1 PASS->FAIL"});
  REQUIRE(a1.before);
  REQUIRE(a1.after);
  CHECK(a1.before->started_at == "2026-01-01T00:00:00Z");
  CHECK(a1.before->ingest_run == 1);
  CHECK(a1.after->started_at == "2026-02-01T00:00:00Z");
  CHECK(a1.after->ingest_run == 2);
  const CheckChange& flip = a1.checks[0];
  CHECK(flip.benchmark == "test-1.0");
  CHECK(flip.section == "4.2");
  CHECK(flip.title == "Anonymous auth is off");
  CHECK(flip.actual_before == "false");
  CHECK(flip.actual_after == "true");
  CHECK(flip.source_after == "config file key authentication.anonymous.enabled");
  CHECK(flip.reason_after == "FAIL reason");
  CHECK(Flips(Node(c, "n1")) == std::vector<std::string>{"4.2.2 PASS->FAIL"});
  CHECK_FALSE(Node(c, "a3").before);
  CHECK(Node(c, "a3").after->started_at == "2026-02-01T00:00:00Z");
  CHECK(Node(c, "a2").before->started_at == "2026-01-01T00:00:00Z");
  CHECK_FALSE(Node(c, "a2").after);
}

TEST_CASE("a node missing from the previous audit is compared with its last bundle before it",
          "[changes]") {
  TestDatabase db({
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1, S::kFail),
      Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a2", "2026-02-01T00:00:00Z", 2),
      Bundle("alpha", "a1", "2026-03-01T00:00:00Z", 3),
      Bundle("alpha", "a2", "2026-03-01T00:00:00Z", 3),
      // Gone before the previous audit: it did not vanish now.
      Bundle("alpha", "old", "2025-12-01T00:00:00Z", 1),
  });
  Changes c = Load(db);
  CHECK(Listed(c) == std::vector<std::string>{"alpha/a1 changed"});
  CHECK(Node(c, "a1").before->ingest_run == 1);
  CHECK(Flips(Node(c, "a1")) == std::vector<std::string>{"4.2.1 FAIL->PASS"});
  // a2 is compared too, and unchanged: counted, not listed.
  CHECK(c.nodes_compared == 2);
}

TEST_CASE("two collections of a node stored by one ingest are still compared, by collection time",
          "[changes]") {
  // The later collection is stored first: the order within one run is the collection time.
  TestDatabase db({
      Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 1, S::kFail, S::kFail),
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1),
  });
  Changes c = Load(db);
  CHECK(c.has_previous);
  CHECK(Listed(c) == std::vector<std::string>{"alpha/a1 changed"});
  CHECK(Node(c, "a1").after->started_at == "2026-02-01T00:00:00Z");
  CHECK(Flips(Node(c, "a1")) == std::vector<std::string>{"4.2.1 PASS->FAIL", "4.2.2 PASS->FAIL"});
  // A node collected once in the only audit neither appeared nor vanished.
  CHECK(c.nodes_compared == 1);
}

TEST_CASE("a first audit has nothing to compare with, and every format says so", "[changes]") {
  TestDatabase db({Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1),
                   Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1)});
  Changes c = Load(db);
  CHECK_FALSE(c.has_previous);
  CHECK(c.nodes.empty());
  CHECK(c.nodes_compared == 0);
  CHECK(RenderChangesText(c) ==
        "Changes since the previous audit: each node's bundle before its newest\n"
        "no earlier audit in the database\n");
  CHECK_THAT(RenderChangesMarkdown(c), Catch::Contains("No earlier audit in the database."));
  auto json = nlohmann::json::parse(RenderChangesJson(c));
  CHECK(json["has_previous"] == false);
  CHECK(json["nodes"].empty());
}

TEST_CASE(
    "with --since each node's newest bundle from that instant is compared with its newest before "
    "it",
    "[changes]") {
  TestDatabase db({
      Bundle("alpha", "a1", "2026-10-01T09:00:00Z", 1),
      Bundle("alpha", "a1", "2026-10-20T09:00:00Z", 2, S::kFail),
      // Collected after the others but ingested first: --since goes by collection time.
      Bundle("alpha", "a1", "2026-11-02T09:00:00Z", 1, S::kFail, S::kFail),
      Bundle("alpha", "a2", "2026-10-01T09:00:00Z", 2),
      Bundle("alpha", "a3", "2026-11-02T09:00:00Z", 2),
  });
  ChangesFilter since;
  since.since = "2026-11-01";
  Changes c = Load(db, since);
  CHECK(c.since == "2026-11-01T00:00:00Z");
  CHECK(c.baseline == "bundles collected before 2026-11-01T00:00:00Z");
  CHECK(Listed(c) ==
        std::vector<std::string>{"alpha/a1 changed", "alpha/a2 vanished", "alpha/a3 appeared"});
  CHECK(Node(c, "a1").before->started_at == "2026-10-20T09:00:00Z");
  CHECK(Flips(Node(c, "a1")) == std::vector<std::string>{"4.2.2 PASS->FAIL"});
  // An instant with a time: the bundle collected exactly then is on the "after" side.
  since.since = "2026-10-20T09:00:00Z";
  c = Load(db, since);
  CHECK(Node(c, "a1").before->started_at == "2026-10-01T09:00:00Z");
  CHECK(Node(c, "a1").after->started_at == "2026-11-02T09:00:00Z");
  CHECK(Flips(Node(c, "a1")) == std::vector<std::string>{"4.2.1 PASS->FAIL", "4.2.2 PASS->FAIL"});
  // Nothing collected before the instant: nothing to compare with, not three appeared nodes.
  since.since = "2026-09-01";
  c = Load(db, since);
  CHECK_FALSE(c.has_previous);
  CHECK(c.nodes.empty());
}

TEST_CASE("a since value is a date or a UTC time to the second, and anything else is refused",
          "[changes]") {
  CHECK(*ParseSince("2026-11-01") == "2026-11-01T00:00:00Z");
  CHECK(*ParseSince("2028-02-29") == "2028-02-29T00:00:00Z");
  CHECK(*ParseSince("2026-11-01T10:00:00Z") == "2026-11-01T10:00:00Z");
  for (const char* bad :
       {"", "yesterday", "2026-11-1", "2026-13-01", "2026-02-29", "2026-11-01T10:00:00",
        "2026-11-01T10:00:00+02:00", "2026-11-01T10:00:00.5Z", "2026-11-01T24:00:00Z",
        "2026-11-01 10:00:00Z", "2026/11/01"}) {
    INFO(bad);
    auto parsed = ParseSince(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message() ==
          "--since wants a date YYYY-MM-DD or a UTC time like 2026-11-01T10:00:00Z, not " +
              std::string(bad));
  }
}

TEST_CASE(
    "node, cluster and benchmark filters narrow the changes, and unknown names are refused with "
    "the known ones",
    "[changes]") {
  TestNode switched = Bundle("beta", "b1", "2026-02-01T00:00:00Z", 2, S::kFail);
  switched.benchmark = "test-2.0";
  TestDatabase db({
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 2, S::kFail),
      Bundle("alpha", "a2", "2026-02-01T00:00:00Z", 2, S::kFail),
      Bundle("beta", "b1", "2026-01-01T00:00:00Z", 1),
      switched,
  });
  Changes all = Load(db);
  CHECK(Listed(all) ==
        std::vector<std::string>{"alpha/a1 changed", "alpha/a2 changed", "beta/b1 changed"});
  // Judged against another benchmark now: said, not compared check by check.
  CHECK(Node(all, "b1").checks.empty());
  CHECK(Node(all, "b1").notes ==
        std::vector<std::string>{
            "judged against test-2.0 now and test-1.0 before: not compared check by check"});

  ChangesFilter node;
  node.nodes = {"a2"};
  CHECK(Listed(Load(db, node)) == std::vector<std::string>{"alpha/a2 changed"});
  ChangesFilter cluster;
  cluster.clusters = {"beta"};
  CHECK(Listed(Load(db, cluster)) == std::vector<std::string>{"beta/b1 changed"});
  ChangesFilter benchmark;
  benchmark.benchmark = "test-2.0";
  Changes second = Load(db, benchmark);
  CHECK(Listed(second) == std::vector<std::string>{"beta/b1 changed"});
  CHECK(Node(second, "b1").notes ==
        std::vector<std::string>{
            "judged against test-2.0 now, not before: not compared check by check"});
  CHECK(second.nodes_compared == 1);

  ChangesFilter unknown_node;
  unknown_node.nodes = {"a9"};
  Status s = LoadError(db, unknown_node);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message() == "no node a9 in the database (nodes: a1, a2, b1)");
  ChangesFilter unknown_cluster;
  unknown_cluster.clusters = {"gamma"};
  CHECK(LoadError(db, unknown_cluster).message() ==
        "no cluster gamma in the database (clusters: alpha, beta)");
  ChangesFilter unknown_benchmark;
  unknown_benchmark.benchmark = "cis-9.9.9";
  CHECK_THAT(
      LoadError(db, unknown_benchmark).message(),
      Catch::StartsWith("no findings for benchmark cis-9.9.9 (evaluated: test-1.0, test-2.0)"));
}

TEST_CASE("a check evaluated on one bundle only is named rather than compared", "[changes]") {
  TestNode before = Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1);
  before.findings.push_back({"4.2.3", S::kManual});
  TestNode after = Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 2);
  after.findings.push_back({"1.1.1", S::kFail, "0644"});
  TestDatabase db({before, after});
  Changes c = Load(db);
  REQUIRE(c.nodes.size() == 1);
  CHECK(c.nodes[0].checks.empty());
  CHECK(c.nodes[0].notes ==
        std::vector<std::string>{"test-1.0: 1.1.1 evaluated now, not before: not compared",
                                 "test-1.0: 4.2.3 evaluated before, not now: not compared"});
}

TEST_CASE(
    "the text of changes names both bundles of a node, each flipped check, and the nodes that came "
    "and went",
    "[changes]") {
  TestDatabase db({
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1, S::kPass, S::kFail),
      Bundle("alpha", "a2", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 2, S::kFail, S::kPass),
      Bundle("alpha", "a3", "2026-02-01T00:00:00Z", 2),
  });
  Changes c = Load(db);
  const NodeChange& a1 = Node(c, "a1");
  const std::string ids[] = {std::to_string(a1.before->bundle_id),
                             std::to_string(a1.after->bundle_id),
                             std::to_string(Node(c, "a3").after->bundle_id),
                             std::to_string(Node(c, "a2").before->bundle_id)};
  CHECK(RenderChangesText(c) ==
        "Changes since the previous audit: each node's bundle before its newest\n"
        "(statuses as stored, waivers not applied)\n"
        "\n"
        "alpha/a1: bundle " +
            ids[0] + " (collected at 2026-01-01T00:00:00Z) -> bundle " + ids[1] +
            " (collected at 2026-02-01T00:00:00Z)\n"
            "  test-1.0\n"
            "    4.2.1  PASS -> FAIL  actual: false -> true\n"
            "           Anonymous auth is off\n"
            "           reason now: FAIL reason\n"
            "           source now: config file key authentication.anonymous.enabled\n"
            "    4.2.2  FAIL -> PASS  actual: 10255 -> 0\n"
            "           Read-only port is 0\n"
            "           reason now: PASS reason\n"
            "           source now: flag --read-only-port\n"
            "\n"
            "appeared (no earlier bundle):\n"
            "  alpha/a3: bundle " +
            ids[2] +
            " (collected at 2026-02-01T00:00:00Z)\n"
            "\n"
            "vanished (in the previous audit, not in this one):\n"
            "  alpha/a2: last bundle " +
            ids[3] +
            " (collected at 2026-01-01T00:00:00Z)\n"
            "\n"
            "1 node compared: 1 changed, 0 unchanged; 1 appeared, 1 vanished\n");
  std::string md = RenderChangesMarkdown(c);
  CHECK_THAT(md,
             Catch::StartsWith(
                 "# Changes since the previous audit\n\nBaseline: each node's bundle before its "
                 "newest; statuses as stored, waivers not applied.\n"));
  CHECK_THAT(md,
             Catch::Contains(
                 "| test-1.0 | 4.2.1 | Anonymous auth is off | PASS | FAIL | false | true | FAIL "
                 "reason | config file key authentication.anonymous.enabled |\n"));
  CHECK_THAT(md,
             Catch::Contains("## Appeared (no earlier bundle)\n\n| node | bundle | collected at |\n"
                             "| --- | ---: | --- |\n| alpha/a3 | " +
                             ids[2] + " | 2026-02-01T00:00:00Z |\n"));
  CHECK_THAT(md, Catch::Contains("## Vanished"));
}

TEST_CASE("the JSON of changes carries every documented field", "[changes]") {
  TestDatabase db({
      Bundle("alpha", "a1", "2026-01-01T00:00:00Z", 1),
      Bundle("alpha", "a1", "2026-02-01T00:00:00Z", 2, S::kFail),
      Bundle("alpha", "a3", "2026-02-01T00:00:00Z", 2),
  });
  auto json = nlohmann::json::parse(RenderChangesJson(Load(db)));
  CHECK(json["format_version"] == kChangesJsonVersion);
  CHECK(json["baseline"] == "each node's bundle before its newest");
  CHECK(json["since"].is_null());
  CHECK(json["has_previous"] == true);
  CHECK(json["nodes_compared"] == 1);
  REQUIRE(json["nodes"].size() == 2);
  const auto& a1 = json["nodes"][0];
  CHECK(a1["kind"] == "changed");
  CHECK(a1["cluster"] == "alpha");
  CHECK(a1["node"] == "a1");
  CHECK(a1["before"]["started_at"] == "2026-01-01T00:00:00Z");
  CHECK(a1["before"]["ingest_run"] == 1);
  CHECK(a1["before"]["sha256"] == "alpha/a1@2026-01-01T00:00:00Z");
  CHECK(a1["before"]["ingested_at"] == "2026-01-02T00:00:00Z");
  CHECK(a1["after"]["ingest_run"] == 2);
  CHECK(a1["after"]["bundle_id"].is_number_integer());
  REQUIRE(a1["checks"].size() == 1);
  CHECK(a1["checks"][0] ==
        nlohmann::json{{"benchmark", "test-1.0"},
                       {"check_id", "4.2.1"},
                       {"section", "4.2"},
                       {"title", "Anonymous auth is off"},
                       {"before", "PASS"},
                       {"after", "FAIL"},
                       {"actual_before", "false"},
                       {"actual_after", "true"},
                       {"source_after", "config file key authentication.anonymous.enabled"},
                       {"reason_after", "FAIL reason"}});
  CHECK(a1["notes"].empty());
  CHECK(json["nodes"][1]["kind"] == "appeared");
  CHECK(json["nodes"][1]["before"].is_null());
}

TEST_CASE("a database at schema 6 migrates, and its bundles count as one ingest run older than any numbered one",
          "[changes][store]") {
  testing::ScratchDir dir("changes-schema-6");
  auto path = dir / "audit.db";
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  std::string v6;
  for (size_t i = 0; i < 6; ++i) v6 += std::string(SchemaMigrations().at(i).sql);
  auto bundle = [](int id, const char* node, const char* started_at, const char* ingested_at) {
    return std::string("INSERT INTO bundles VALUES (") + std::to_string(id) + ", 'sha" +
           std::to_string(id) + "', 1, 'kubeproof-collect', '0.1.0', '" + node +
           "', 'c1', NULL, NULL, NULL, '" + started_at + "', '" + started_at +
           "', 'full', '{}', '" + ingested_at + "');";
  };
  auto result = [](int id, const char* status) {
    return std::string("INSERT INTO check_results VALUES (") + std::to_string(id) +
           ", 'b', '4.2.1', '" + status + "', 'e', '', 'flag', '', '2026-01-02T00:00:00Z', '');";
  };
  v6 +=
      "PRAGMA user_version = 6; PRAGMA application_id = 1263555142;"
      "INSERT INTO benchmarks VALUES ('b', 'B', '', '');"
      "INSERT INTO sections VALUES ('b', '4.2', 'Kubelet', 0);"
      "INSERT INTO checks VALUES ('b', '4.2.1', '4.2', 'Anonymous auth is off', 1, 1, 'kubelet', "
      "'e', 'r', 0);";
  // Two ingests before schema 7: n1 and n2 on January 2nd, n1 again on February 2nd.
  v6 += bundle(1, "n1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z") + result(1, "PASS");
  v6 += bundle(2, "n2", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z") + result(2, "PASS");
  v6 += bundle(3, "n1", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z") + result(3, "FAIL");
  REQUIRE(sqlite3_exec(raw, v6.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);

  // Read-only, the file is not migrated: the changes are the same. The bundles before schema 7 are
  // one round, so n1 is compared with its earlier bundle and n2 is not said to have vanished.
  Changes unmigrated = Load(path);
  CHECK(Listed(unmigrated) == std::vector<std::string>{"c1/n1 changed"});
  CHECK(testing::QueryValue(path, "PRAGMA user_version") == "6");

  {
    auto db = Database::Open(path, Database::Mode::kReadWrite);
    INFO((db.ok() ? "" : db.status().message()));
    REQUIRE(db.ok());
    CHECK((*db)->SchemaVersion() == static_cast<int>(SchemaMigrations().size()));
  }
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM bundles WHERE ingest_run IS NULL") == "3");
  Changes migrated = Load(path);
  CHECK(Listed(migrated) == std::vector<std::string>{"c1/n1 changed"});
  const NodeChange& n1 = Node(migrated, "n1");
  CHECK(Flips(n1) == std::vector<std::string>{"4.2.1 PASS->FAIL"});
  CHECK_FALSE(n1.before->ingest_run);
  CHECK(n1.before->ingested_at == "2026-01-02T00:00:00Z");
  CHECK(n1.after->ingested_at == "2026-02-02T00:00:00Z");
  auto check = testing::RunProgram({testing::KubeproofBinary(), "check", "--db", path.string()});
  CHECK(check.exit_code == 0);

  // The first ingest after the migration is run 1, newer than every run before it.
  auto db = Database::Open(path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  {
    auto tx = Transaction::Begin(db->get());
    REQUIRE(tx.ok());
    auto next = NextIngestRun(db->get());
    REQUIRE(next.ok());
    CHECK(*next == 1);
    NodeEvidence ev = testing::EvidenceBuilder().Node("n2").Build();
    ev.bundle.sha256 = "sha4";
    ev.bundle.cluster = "c1";
    ev.bundle.started_at = "2026-03-01T00:00:00Z";
    auto id = InsertEvidence(db->get(), ev, DerivedRows{}, "2026-01-01T00:00:00Z", *next);
    REQUIRE(id.ok());
    REQUIRE((*db)
                ->Exec("INSERT OR IGNORE INTO texts (text) VALUES ('e'), (''), ('flag'), ('2026-03-02T00:00:00Z');"
                       "INSERT INTO check_records SELECT " + std::to_string(*id) +
                       ", 'b', '4.2.1', 'FAIL', e.text_id, n.text_id, f.text_id, n.text_id, t.text_id, ''"
                       " FROM texts e, texts n, texts f, texts t"
                       " WHERE e.text = 'e' AND n.text = '' AND f.text = 'flag' AND t.text = '2026-03-02T00:00:00Z'")
                .ok());
    REQUIRE(tx->Commit().ok());
  }
  db->reset();
  // Its ingested_at is older than the unnumbered runs', yet it is the current audit.
  Changes after = Load(path);
  CHECK(Listed(after) == std::vector<std::string>{"c1/n1 vanished", "c1/n2 changed"});
  CHECK(Node(after, "n2").after->ingest_run == 1);
  CHECK(Node(after, "n2").before->ingested_at == "2026-01-02T00:00:00Z");
}

}  // namespace kubeproof
