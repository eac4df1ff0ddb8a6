#include <catch2/catch.hpp>

#include <string>

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

}  // namespace

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
