#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

using testing::KubeproofBinary;
using testing::Lines;
using testing::RunProgram;

const std::filesystem::path kCacheDir = std::filesystem::path(KUBEPROOF_BINARY_DIR) / "test-cache";

constexpr int kExitOk = 0;
constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;
constexpr int kExitError = 3;

testing::ProgramResult Ingest(const std::filesystem::path& db, const std::vector<std::string>& bundles) {
  std::vector<std::string> argv = {KubeproofBinary(), "ingest", "--db", db.string()};
  argv.insert(argv.end(), bundles.begin(), bundles.end());
  return RunProgram(argv);
}

std::string Worker(const testing::ScratchDir& dir, const std::string& node) {
  return testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node))).string();
}

}  // namespace

TEST_CASE("kubeproof ingest refuses each hostile bundle with one line and exit 1 and no change", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-hostile");
  auto db = dir / "audit.db";
  auto first = Ingest(db, {Worker(dir, "worker-1")});
  INFO(first.err);
  REQUIRE(first.exit_code == kExitOk);
  const auto before = testing::SnapshotDatabase(db);
  REQUIRE(before.row_counts.at("bundles") == 1);
  REQUIRE(before.row_counts.at("check_results") > 0);

  for (const auto& bad : testing::HostileBundles(dir / "bad", kCacheDir)) {
    DYNAMIC_SECTION(bad.name) {
      auto result = Ingest(db, {bad.path.string()});
      INFO(result.err);
      CHECK(result.exit_code == kExitRejected);
      auto lines = Lines(result.err);
      REQUIRE(lines.size() == 2);
      CHECK_THAT(lines[0], Catch::StartsWith("kubeproof ingest: " + bad.path.string() + ": refused: "));
      CHECK_THAT(lines[0], Catch::Contains(bad.message));
      CHECK(lines[1] == "kubeproof ingest: 1 bundle(s): 0 added, 0 already present, 1 refused");
      CHECK(testing::SnapshotDatabase(db) == before);
    }
  }
}

TEST_CASE("kubeproof verify prints OK or the reason per bundle and exits 1 on a refusal", "[bundle][cli]") {
  testing::ScratchDir dir("verify-command");
  std::string good = Worker(dir, "worker-1");
  auto ok = RunProgram({KubeproofBinary(), "verify", good});
  CHECK(ok.exit_code == kExitOk);
  CHECK(ok.out == good + ": OK (unsigned)\n");
  for (const auto& bad : testing::HostileBundles(dir / "bad", kCacheDir)) {
    DYNAMIC_SECTION(bad.name) {
      auto result = RunProgram({KubeproofBinary(), "verify", bad.path.string()});
      auto lines = Lines(result.out);
      REQUIRE(lines.size() == 1);
      // Verify filters the evidence as ingest does, so a hostile config is refused here too.
      CHECK(result.exit_code == kExitRejected);
      CHECK_THAT(lines[0], Catch::StartsWith(bad.path.string() + ": REFUSED: "));
      CHECK_THAT(lines[0], Catch::Contains(bad.message));
    }
  }
}

TEST_CASE("kubeproof verify of a gzip bomb stays within a small flat memory", "[bundle][cli]") {
  testing::ScratchDir dir("verify-bomb-memory");
  auto good = RunProgram({KubeproofBinary(), "verify", Worker(dir, "worker-1")});
  REQUIRE(good.exit_code == kExitOk);
  for (const auto& bomb : {testing::CachedGzipBomb(kCacheDir), testing::CachedZstdBomb(kCacheDir)}) {
    auto result = RunProgram({KubeproofBinary(), "verify", bomb.string()});
    CHECK(result.exit_code == kExitRejected);
    INFO("peak RSS " << result.max_rss_kib << " KiB for " << bomb.filename() << ", " << good.max_rss_kib
                     << " KiB for a valid bundle");
    // Expanding to 1 GiB, refused at the 128 MiB cap, with no more memory than a valid bundle takes.
    CHECK(result.max_rss_kib < good.max_rss_kib + 16 * 1024);
  }
}

TEST_CASE("kubeproof ingest goes on past a refused bundle and reports the batch", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-batch");
  auto db = dir / "audit.db";
  std::string bad = testing::WriteFile(dir / "bad.tar.gz", "plain text\n").string();
  auto result = Ingest(db, {Worker(dir, "worker-1"), bad, Worker(dir, "worker-2")});
  CHECK(result.exit_code == kExitRejected);
  auto lines = Lines(result.err);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "kubeproof ingest: " + bad + ": refused: not gzip or zstd compressed");
  CHECK(lines[1] == "kubeproof ingest: 3 bundle(s): 2 added, 0 already present, 1 refused");
  CHECK(testing::QueryValue(db, "SELECT group_concat(node, ',') FROM (SELECT node FROM bundles ORDER BY node)") ==
        "worker-1,worker-2");
}

TEST_CASE("kubeproof ingest of the same bundle twice says so and changes nothing", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-twice");
  auto db = dir / "audit.db";
  std::string bundle = Worker(dir, "worker-1");
  REQUIRE(Ingest(db, {bundle}).exit_code == kExitOk);
  const auto before = testing::SnapshotDatabase(db);
  auto again = Ingest(db, {bundle});
  CHECK(again.exit_code == kExitOk);
  auto lines = Lines(again.err);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "kubeproof ingest: " + bundle + ": already ingested as bundle 1 (node worker-1), nothing to do");
  CHECK(lines[1] == "kubeproof ingest: 1 bundle(s): 0 added, 1 already present, 0 refused");
  CHECK(testing::SnapshotDatabase(db) == before);
}

TEST_CASE("kubeproof ingest and verify exit 2 on a bad command line", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-usage");
  std::string bundle = Worker(dir, "worker-1");
  auto no_db = RunProgram({KubeproofBinary(), "ingest", bundle});
  CHECK(no_db.exit_code == kExitUsage);
  CHECK(no_db.err == "kubeproof ingest: --db FILE is required\n");
  auto no_bundle = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "a.db").string()});
  CHECK(no_bundle.exit_code == kExitUsage);
  CHECK(Lines(no_bundle.err).size() == 1);
  auto bad_cap = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "a.db").string(), "--max-entries", "many", bundle});
  CHECK(bad_cap.exit_code == kExitUsage);
  CHECK_THAT(bad_cap.err, Catch::Contains("--max-entries wants a whole number, not 'many'"));
  auto no_jobs = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "a.db").string(), "--jobs", "0", bundle});
  CHECK(no_jobs.exit_code == kExitUsage);
  CHECK(no_jobs.err == "kubeproof ingest: --jobs must be between 1 and 256\n");
  auto verify_nothing = RunProgram({KubeproofBinary(), "verify"});
  CHECK(verify_nothing.exit_code == kExitUsage);
  CHECK(Lines(verify_nothing.err).size() == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
}

TEST_CASE("kubeproof ingest and evaluate refuse --k8s-version banana with one line naming it, exit 2", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-k8s-version");
  std::string bundle = Worker(dir, "worker-1");
  const std::string want = "--k8s-version: 'banana' is not a Kubernetes version; give 1.MINOR, e.g. 1.20 or v1.20.4\n";
  auto ingest = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "a.db").string(), "--k8s-version", "banana", bundle});
  CHECK(ingest.exit_code == kExitUsage);
  CHECK(ingest.err == "kubeproof ingest: " + want);
  CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
  auto evaluate = RunProgram({KubeproofBinary(), "evaluate", "--db", (dir / "a.db").string(), "--k8s-version", "banana"});
  CHECK(evaluate.exit_code == kExitUsage);
  CHECK(evaluate.err == "kubeproof evaluate: " + want);
  for (const char* good : {"1.20", "v1.20.4", "v1.24.4+k3s1"}) {
    auto ok = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "b.db").string(), "--k8s-version", good, bundle});
    INFO(good << ": " << ok.err);
    CHECK(ok.exit_code == kExitOk);
  }
}

TEST_CASE("kubeproof ingest stores the same rows with one preparing thread as with several", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-jobs");
  for (int i = 0; i < 6; ++i) Worker(dir, "w" + std::to_string(i));
  auto one = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "one.db").string(), "--jobs", "1", dir.path().string()});
  auto four = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "four.db").string(), "--jobs", "4", dir.path().string()});
  INFO(one.err << four.err);
  REQUIRE(one.exit_code == kExitOk);
  REQUIRE(four.exit_code == kExitOk);
  // Same bundles, same order, same ids and findings; only the ingest times differ.
  const std::string rows = "SELECT group_concat(b.bundle_id || b.node || r.check_id || r.status || r.actual, '|')"
                           " FROM bundles b JOIN check_results r USING (bundle_id)";
  CHECK(testing::QueryValue(dir / "one.db", rows) == testing::QueryValue(dir / "four.db", rows));
  CHECK(testing::QueryValue(dir / "one.db", "SELECT count(*) FROM bundles") == "6");
}

TEST_CASE("kubeproof ingest and verify apply caps given on the command line", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-caps");
  std::string bundle = Worker(dir, "worker-1");
  auto verify = RunProgram({KubeproofBinary(), "verify", "--max-member-bytes", "64", bundle});
  CHECK(verify.exit_code == kExitRejected);
  CHECK_THAT(verify.out, Catch::Contains("larger than 64 bytes (limit)"));
  auto ingest = RunProgram({KubeproofBinary(), "ingest", "--db", (dir / "a.db").string(), "--max-entries", "3", bundle});
  CHECK(ingest.exit_code == kExitRejected);
  CHECK_THAT(ingest.err, Catch::Contains("more than 3 entries (limit)"));
}

TEST_CASE("kubeproof ingest exits 3 when the database cannot be used", "[ingest][cli]") {
  testing::ScratchDir dir("ingest-command-database");
  std::string bundle = Worker(dir, "worker-1");
  auto missing_dir = Ingest(dir / "no" / "such" / "dir" / "audit.db", {bundle});
  CHECK(missing_dir.exit_code == kExitError);
  CHECK(Lines(missing_dir.err).size() == 1);
  CHECK_THAT(missing_dir.err, Catch::StartsWith("kubeproof ingest: "));

  auto not_a_db = testing::WriteFile(dir / "notes.txt", std::string(4096, 'n'));
  auto garbage = Ingest(not_a_db, {bundle});
  CHECK(garbage.exit_code == kExitError);
  CHECK(Lines(garbage.err).size() == 1);
  CHECK(std::filesystem::file_size(not_a_db) == 4096);

  // A database written by a newer kubeproof is refused, not migrated down or written to.
  auto newer = dir / "newer.db";
  REQUIRE(Ingest(newer, {bundle}).exit_code == kExitOk);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(newer.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const auto before = testing::SnapshotDatabase(newer);
  auto refused = Ingest(newer, {Worker(dir, "worker-2")});
  CHECK(refused.exit_code == kExitError);
  CHECK(Lines(refused.err).size() == 1);
  CHECK_THAT(refused.err, Catch::Contains("schema version 99 is newer than this kubeproof understands"));
  CHECK(testing::SnapshotDatabase(newer) == before);
}

}  // namespace kubeproof
