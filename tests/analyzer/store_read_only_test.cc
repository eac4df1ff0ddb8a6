#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <string>

#include "tests/support/bad_bundles.h"
#include "tests/support/program_runner.h"
#include "tests/support/scratch_mount.h"

namespace kubeproof {
namespace {

using testing::RunProgram;
using testing::ScratchMount;

}  // namespace

TEST_CASE("report, query, check and verify work on a database and bundle on read-only media; ingest says read-only",
          "[store][cli]") {
  testing::ScratchDir dir("store-read-only");
  ScratchMount media(dir / "dvd", "16m");
  if (!media.mounted()) {
    WARN("cannot mount a tmpfs here (not privileged): read-only media not tested");
    return;
  }
  auto bundle = testing::WriteFile(dir / "dvd" / "worker.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker")));
  auto db = dir / "dvd" / "audit.db";
  auto ingest = RunProgram({testing::KubeproofBinary(), "ingest", "--db", db.string(), bundle.string()});
  REQUIRE(ingest.exit_code == 0);
  REQUIRE(media.Freeze());

  auto report = RunProgram({testing::KubeproofBinary(), "report", "--db", db.string()});
  INFO(report.err);
  CHECK(report.exit_code == 0);
  CHECK_THAT(report.out, Catch::Contains("4.2  Kubelet"));
  auto query = RunProgram({testing::KubeproofBinary(), "query", "--db", db.string(), "--format", "csv",
                           "SELECT node FROM bundles"});
  INFO(query.err);
  CHECK(query.exit_code == 0);
  CHECK(query.out == "node\nworker\n");
  auto check = RunProgram({testing::KubeproofBinary(), "check", "--db", db.string()});
  INFO(check.err);
  CHECK(check.exit_code == 0);
  auto verify = RunProgram({testing::KubeproofBinary(), "verify", bundle.string()});
  CHECK(verify.exit_code == 0);

  auto write = RunProgram({testing::KubeproofBinary(), "evaluate", "--db", db.string()});
  CHECK(write.exit_code == 3);
  CHECK_THAT(write.err, Catch::StartsWith("kubeproof evaluate: ") && Catch::Contains("read-only"));
  CHECK_FALSE(std::filesystem::exists(db.string() + "-shm"));
}

TEST_CASE("a database on read-only media with committed pages still in its -wal file is refused with advice",
          "[store][cli]") {
  testing::ScratchDir dir("store-read-only-wal");
  ScratchMount media(dir / "dvd", "16m");
  if (!media.mounted()) {
    WARN("cannot mount a tmpfs here (not privileged): read-only media not tested");
    return;
  }
  auto bundle = testing::WriteFile(dir / "worker.tar.gz", testing::WriteBundle(testing::WorkerBundle("worker")));
  auto db = dir / "audit.db";
  REQUIRE(RunProgram({testing::KubeproofBinary(), "ingest", "--db", db.string(), bundle.string()}).exit_code == 0);
  // A writer that has committed but not checkpointed: the new row lives only in the -wal file.
  sqlite3* writer = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &writer) == SQLITE_OK);
  REQUIRE(sqlite3_exec(writer, "PRAGMA wal_autocheckpoint = 0; UPDATE bundles SET node = 'renamed';", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  auto copy = dir / "dvd" / "audit.db";
  std::filesystem::copy_file(db, copy);
  std::filesystem::copy_file(db.string() + "-wal", copy.string() + "-wal");
  sqlite3_close(writer);
  REQUIRE(media.Freeze());

  auto report = RunProgram({testing::KubeproofBinary(), "report", "--db", copy.string()});
  CHECK(report.exit_code == 3);
  CHECK(report.err == "kubeproof report: " + copy.string() +
                          ": its last changes are still in audit.db-wal and the folder is read-only: copy both files "
                          "to writable storage to read them\n");
}

}  // namespace kubeproof
