#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

std::vector<std::string> IngestArgs(const std::filesystem::path& db, const std::filesystem::path& bundles) {
  return {testing::KubeproofBinary(), "ingest", "--db", db.string(), bundles.string()};
}

void WriteWorkers(const std::filesystem::path& dir, const std::string& prefix, int count) {
  for (int i = 0; i < count; ++i) {
    std::string node = prefix + "-" + std::to_string(i);
    testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node)));
  }
}

// Bundles committed so far; 0 while the database or its schema is still being created.
int CommittedBundles(const std::filesystem::path& db) {
  try {
    return std::filesystem::exists(db) ? std::stoi(testing::QueryValue(db, "SELECT count(*) FROM bundles")) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

// Returns once an ingest running on `db` has committed its first group (or after a minute).
void WaitForFirstCommit(const std::filesystem::path& db) {
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
       std::chrono::steady_clock::now() < deadline && CommittedBundles(db) == 0;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

TEST_CASE("an ingest killed midway leaves whole bundles only, and a rerun completes it", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-killed");
  WriteWorkers(dir / "w", "w", 200);
  auto db = dir / "audit.db";
  auto killed = testing::Program::Start(IngestArgs(db, dir / "w"));
  // Killed once a first group is committed, so that the kill lands while bundles are being written.
  WaitForFirstCommit(db);
  killed.Kill(SIGKILL);
  killed.Wait();

  {
    auto snapshot = testing::SnapshotDatabase(db);
    CHECK(snapshot.integrity_check == "ok");
    const std::int64_t bundles = snapshot.row_counts.at("bundles");
    INFO(bundles << " bundle(s) were committed before the kill");
    // Every committed bundle has all of its rows: two files and a result per check each.
    CHECK(snapshot.row_counts.at("files") == 2 * bundles);
    CHECK(testing::QueryValue(db, "SELECT count(*) FROM bundles b WHERE (SELECT count(*) FROM check_results r"
                                  " WHERE r.bundle_id = b.bundle_id) <> (SELECT count(*) FROM checks)") == "0");
  }
  auto rerun = testing::RunProgram(IngestArgs(db, dir / "w"));
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(testing::QueryValue(db, "SELECT count(*) FROM bundles") == "200");
}

TEST_CASE("a second ingest gets the write lock between the groups of a long one", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-fair");
  // The long run must still be committing when the short one is ready to: its 600 bundles take
  // some 30 times the short run's start-up, which loads one benchmark's rules, not every one.
  WriteWorkers(dir / "long", "long", 600);
  WriteWorkers(dir / "short", "short", 3);
  auto db = dir / "audit.db";
  auto one_benchmark = [&](const std::string& bundles) {
    std::vector<std::string> args = IngestArgs(db, dir / bundles);
    args.insert(args.begin() + 2, {"--benchmark", "cis-1.6.0"});
    return args;
  };
  auto long_run = testing::Program::Start(one_benchmark("long"));
  WaitForFirstCommit(db);
  auto short_run = testing::RunProgram(one_benchmark("short"));
  auto long_result = long_run.Wait();
  INFO(short_run.err << long_result.err);
  CHECK(short_run.exit_code == 0);
  CHECK(long_result.exit_code == 0);
  // Had the short run waited for the long one to finish, all its bundles would come after.
  CHECK(testing::QueryValue(db, "SELECT (SELECT min(bundle_id) FROM bundles WHERE node LIKE 'short-%') <"
                                " (SELECT max(bundle_id) FROM bundles WHERE node LIKE 'long-%')") == "1");
  // Interleaved, each run still stamps its bundles with a number of its own.
  CHECK(testing::QueryValue(db, "SELECT group_concat(runs) FROM (SELECT node LIKE 'long-%' AS long_run,"
                                " count(DISTINCT ingest_run) AS runs FROM bundles GROUP BY long_run)") == "1,1");
  CHECK(testing::QueryValue(db, "SELECT count(DISTINCT ingest_run) FROM bundles") == "2");
}

TEST_CASE("two kubeproof ingest processes on one new database both succeed", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-parallel");
  WriteWorkers(dir / "a", "a", 15);
  WriteWorkers(dir / "b", "b", 15);
  auto db = dir / "audit.db";
  // Both start on a database that does not exist yet: they also race to create the schema.
  auto first = testing::Program::Start(IngestArgs(db, dir / "a"));
  auto second = testing::Program::Start(IngestArgs(db, dir / "b"));
  auto a = first.Wait();
  auto b = second.Wait();
  INFO(a.err << b.err);
  CHECK(a.exit_code == 0);
  CHECK(b.exit_code == 0);
  CHECK(testing::Lines(a.err).back() == "kubeproof ingest: 15 bundle(s): 15 added, 0 already present, 0 refused");
  CHECK(testing::Lines(b.err).back() == "kubeproof ingest: 15 bundle(s): 15 added, 0 already present, 0 refused");
  auto snapshot = testing::SnapshotDatabase(db);
  CHECK(snapshot.row_counts.at("bundles") == 30);
  CHECK(snapshot.row_counts.at("files") == 60);
  CHECK(snapshot.integrity_check == "ok");
  CHECK(testing::QueryValue(db, "SELECT count(DISTINCT bundle_id) FROM check_results") == "30");
  CHECK(testing::QueryValue(db, "SELECT group_concat(n) FROM (SELECT count(*) AS n FROM bundles GROUP BY ingest_run)") ==
        "15,15");
}

TEST_CASE("two kubeproof ingest processes given the same bundles store each once", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-parallel-same");
  WriteWorkers(dir / "a", "n", 10);
  auto db = dir / "audit.db";
  auto first = testing::Program::Start(IngestArgs(db, dir / "a"));
  auto second = testing::Program::Start(IngestArgs(db, dir / "a"));
  auto a = first.Wait();
  auto b = second.Wait();
  INFO(a.err << b.err);
  CHECK(a.exit_code == 0);
  CHECK(b.exit_code == 0);
  auto snapshot = testing::SnapshotDatabase(db);
  CHECK(snapshot.row_counts.at("bundles") == 10);
  CHECK(snapshot.integrity_check == "ok");
}

}  // namespace kubeproof
