// Loading stored evidence back: a damaged row is an error, never a silent default.
#include <catch2/catch.hpp>

#include <string>

#include "analyzer/commands/command.h"
#include "analyzer/store/database.h"
#include "analyzer/store/evidence_store.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

// A database holding one bundle with a running kubelet (pid 100) and one redacted argument.
std::unique_ptr<Database> OneKubelet(const testing::ScratchDir& dir, std::int64_t* bundle_id) {
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  NodeEvidence e = testing::EvidenceBuilder().Process("kubelet", {"kubelet", "--anonymous-auth=false", "--token", "x"}).Build();
  e.processes[0].redacted_args = {3};
  DerivedRows derived;
  derived.arguments = {{ArgumentRow{3, std::nullopt, std::string("<redacted>"), true}}};
  auto tx = Transaction::Begin(db->get());
  REQUIRE(tx.ok());
  auto id = InsertEvidence(db->get(), e, derived, "2026-01-02T00:00:00Z", 1);
  REQUIRE(id.ok());
  REQUIRE(tx->Commit().ok());
  *bundle_id = *id;
  return std::move(*db);
}

}  // namespace

TEST_CASE("a stored argv that is not a JSON array of strings is an error, not a process without flags", "[store]") {
  for (const char* bad : {"not json", "{\"0\": \"kubelet\"}", "[\"kubelet\", 3]", "\"kubelet\""}) {
    testing::ScratchDir dir("evidence-store-argv");
    std::int64_t id = 0;
    auto db = OneKubelet(dir, &id);
    auto before = LoadEvidence(db.get(), id);
    REQUIRE(before.ok());
    CHECK(before->processes.at(0).argv.size() == 4);
    auto stmt = db->Prepare("UPDATE processes SET argv_json = ?");
    REQUIRE(stmt.ok());
    REQUIRE(stmt->Bind(1, bad).Run().ok());
    auto loaded = LoadEvidence(db.get(), id);
    INFO(bad);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().code() == Status::Code::kCorrupt);
    CHECK(loaded.status().message() ==
          "bundle " + std::to_string(id) + ": processes.argv_json of pid 100 is not a JSON array of strings");
    db.reset();
    CHECK(RunEvaluate({"--db", (dir / "audit.db").string(), "--rules", KUBEPROOF_SOURCE_DIR "/benchmarks"}) == kExitError);
  }
}

TEST_CASE("a failed read of the stored redacted argument positions is an error, not an empty list", "[store]") {
  testing::ScratchDir dir("evidence-store-redacted");
  std::int64_t id = 0;
  auto db = OneKubelet(dir, &id);
  auto before = LoadEvidence(db.get(), id);
  REQUIRE(before.ok());
  CHECK(before->processes.at(0).redacted_args == std::vector<int>{3});
  // A handed-over database whose process_args fails while it is read, row by row.
  REQUIRE(db->Exec("DROP TABLE process_args;"
                   "CREATE VIEW process_args (process_id, position, flag, value, redacted) AS"
                   " SELECT process_id, json_extract('not json', '$'), NULL, NULL, 1 FROM processes").ok());
  auto loaded = LoadEvidence(db.get(), id);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message().rfind("bundle " + std::to_string(id) + ": process_args: ", 0) == 0);
  CHECK(loaded.status().message().find("malformed JSON") != std::string::npos);
}

}  // namespace kubeproof
