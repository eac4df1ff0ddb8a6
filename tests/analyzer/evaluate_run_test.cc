#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>

#include "analyzer/ingest/evaluate_run.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

std::filesystem::path Bundle(const testing::ScratchDir& dir, const std::string& node) {
  return testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node)));
}

int IngestWithoutEvaluating(const std::filesystem::path& db, const std::vector<std::filesystem::path>& bundles) {
  std::vector<std::string> argv = {testing::KubeproofBinary(), "ingest", "--db", db.string(), "--no-evaluate"};
  for (const auto& b : bundles) argv.push_back(b.string());
  return testing::RunProgram(argv).exit_code;
}

// The rules `kubeproof evaluate` loads by default: CIS 1.6.0 from the benchmarks directory.
RuleSet Cis16Rules() {
  auto benchmark = LoadBenchmark(KUBEPROOF_SOURCE_DIR "/benchmarks", "cis-1.6.0");
  REQUIRE(benchmark.ok());
  RuleSet rules;
  rules.benchmarks.push_back(std::move(*benchmark));
  return rules;
}

// After the first commit: takes the write lock from another connection without waiting, then
// lets another process store one more bundle.
class InterleavedWriter : public EvaluateObserver {
 public:
  InterleavedWriter(std::filesystem::path db, std::filesystem::path bundle)
      : db_(std::move(db)), bundle_(std::move(bundle)) {}
  void Committed(std::size_t) override {
    if (++commits != 1) return;
    sqlite3* other = nullptr;
    sqlite3_open(db_.c_str(), &other);
    sqlite3_busy_timeout(other, 0);
    lock_rc = sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    ingest_exit = IngestWithoutEvaluating(db_, {bundle_});
  }
  int commits = 0;
  int lock_rc = -1;
  int ingest_exit = -1;

 private:
  std::filesystem::path db_;
  std::filesystem::path bundle_;
};

}  // namespace

TEST_CASE("evaluate releases the write lock between groups and also evaluates a bundle stored meanwhile",
          "[ingest][store]") {
  testing::ScratchDir dir("evaluate-groups");
  auto db_path = dir / "audit.db";
  REQUIRE(IngestWithoutEvaluating(db_path, {Bundle(dir, "a"), Bundle(dir, "b"), Bundle(dir, "c")}) == 0);
  auto db = Database::Open(db_path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  WaiverMatcher no_waivers(std::vector<Waiver>{}, "2026-12-01");
  InterleavedWriter writer(db_path, Bundle(dir, "late"));
  EvaluateRunOptions run;
  run.group_bundles = 1;
  auto evaluated = EvaluateStored(db->get(), Cis16Rules(), no_waivers, run, &writer);
  INFO(evaluated.status().message());
  REQUIRE(evaluated.ok());
  CHECK(writer.lock_rc == SQLITE_OK);
  CHECK(writer.ingest_exit == 0);
  CHECK(*evaluated == 4);
  CHECK(testing::QueryValue(db_path, "SELECT count(DISTINCT bundle_id) FROM check_results WHERE benchmark = 'cis-1.6.0'") ==
        "4");
  CHECK(testing::QueryValue(db_path, "SELECT count(*) FROM bundles b WHERE node = 'late' AND EXISTS "
                                     "(SELECT 1 FROM check_results r WHERE r.bundle_id = b.bundle_id)") == "1");
}

TEST_CASE("evaluate of an empty database evaluates nothing and writes nothing", "[ingest][store]") {
  testing::ScratchDir dir("evaluate-empty");
  auto db_path = dir / "audit.db";
  auto db = Database::Open(db_path, Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  WaiverMatcher no_waivers(std::vector<Waiver>{}, "2026-12-01");
  auto evaluated = EvaluateStored(db->get(), Cis16Rules(), no_waivers, EvaluateRunOptions{});
  REQUIRE(evaluated.ok());
  CHECK(*evaluated == 0);
  CHECK(testing::QueryValue(db_path, "SELECT count(*) FROM benchmarks") == "0");
}

TEST_CASE("evaluate on several threads stores the same findings, in the same order, as on one", "[ingest][store]") {
  testing::ScratchDir dir("evaluate-workers");
  std::vector<std::filesystem::path> bundles;
  for (const char* node : {"a", "b", "c", "d", "e", "f", "g"}) bundles.push_back(Bundle(dir, node));
  auto findings = [&](unsigned workers) {
    auto db_path = dir / ("audit-" + std::to_string(workers) + ".db");
    REQUIRE(IngestWithoutEvaluating(db_path, bundles) == 0);
    auto db = Database::Open(db_path, Database::Mode::kReadWrite);
    REQUIRE(db.ok());
    WaiverMatcher no_waivers(std::vector<Waiver>{}, "2026-12-01");
    EvaluateRunOptions run;
    run.group_bundles = 3;  // groups of three: a short last group too
    run.workers = workers;
    auto evaluated = EvaluateStored(db->get(), Cis16Rules(), no_waivers, run);
    REQUIRE(evaluated.ok());
    CHECK(*evaluated == bundles.size());
    return testing::QueryValue(db_path, "SELECT group_concat(b.node || ' ' || r.check_id || ' ' || r.status || ' ' || r.actual, '|')"
                                        " FROM check_results r JOIN bundles b ON b.bundle_id = r.bundle_id"
                                        " ORDER BY r.bundle_id, r.check_id");
  };
  const std::string one = findings(1);
  CHECK(one.find("a 4.2.1") != std::string::npos);
  CHECK(findings(4) == one);
}

}  // namespace kubeproof
