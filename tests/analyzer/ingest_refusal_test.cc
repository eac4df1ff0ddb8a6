#include <catch2/catch.hpp>

#include <string>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/ingest/ingester.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"

namespace kubeproof {
namespace {

const std::filesystem::path kCacheDir = std::filesystem::path(KUBEPROOF_BINARY_DIR) / "test-cache";

// The command's loop for one bundle: prepare, and store only what prepared.
Status Ingest(Database* db, const std::filesystem::path& path) {
  auto prepared = PrepareBundle(path, IngestSettings{});
  if (!prepared.ok()) return prepared.status();
  return StoreBundle(db, *prepared, nullptr).status();
}

}  // namespace

TEST_CASE("ingest refuses every hostile bundle of the list and leaves the database unchanged", "[ingest]") {
  testing::ScratchDir dir("ingest-refusal");
  auto db_path = dir / "audit.db";
  {
    auto db = Database::Open(db_path, Database::Mode::kReadWrite);
    REQUIRE(db.ok());
    REQUIRE(Ingest(db->get(), testing::WriteFile(dir / "good.tar.gz", testing::WriteBundle(testing::WorkerBundle()))).ok());
  }
  const testing::DatabaseSnapshot before = testing::SnapshotDatabase(db_path);
  REQUIRE(before.row_counts.at("bundles") == 1);
  REQUIRE(before.row_counts.at("files") == 2);
  REQUIRE(before.integrity_check == "ok");

  for (const auto& bad : testing::HostileBundles(dir / "bad", kCacheDir)) {
    DYNAMIC_SECTION(bad.name) {
      auto db = Database::Open(db_path, Database::Mode::kReadWrite);
      REQUIRE(db.ok());
      Status status = Ingest(db->get(), bad.path);
      INFO(status.message());
      REQUIRE_FALSE(status.ok());
      CHECK(static_cast<int>(status.code()) == bad.code);
      CHECK_THAT(status.message(), Catch::Contains(bad.message));
      CHECK(status.message().find('\n') == std::string::npos);
      db->reset();
      CHECK(testing::SnapshotDatabase(db_path) == before);
    }
  }
}

TEST_CASE("ingest refuses a YAML alias bomb in the kubelet config", "[ingest]") {
  testing::ScratchDir dir("ingest-alias-bomb");
  for (const auto& bad : testing::HostileBundles(dir / "bad", kCacheDir)) {
    if (bad.name != "YAML alias bomb in the kubelet config") continue;
    auto prepared = PrepareBundle(bad.path, IngestSettings{});
    REQUIRE_FALSE(prepared.ok());
    CHECK(prepared.status().code() == Status::Code::kLimit);
    CHECK(prepared.status().message() == "member files/var/lib/kubelet/config.yaml: more than 200000 nodes");
    // Verification alone does not read configs: the bundle is whole, only its content is hostile.
    CHECK(ReadVerifiedBundle(bad.path, ArchiveLimits{}).ok());
  }
}

TEST_CASE("ingest refuses 10000-deep block nesting in the kubelet config", "[ingest]") {
  testing::ScratchDir dir("ingest-deep-block");
  testing::BundleContent content = testing::WorkerBundle();
  content.files["files"].clear();
  content.contents.clear();
  std::string deep = "kind: KubeletConfiguration\nx:\n";
  for (int i = 0; i < 10000; ++i) deep += "- ";
  deep += "leaf\n";
  content.AddFile("/var/lib/kubelet/config.yaml", deep, "0644");
  auto path = testing::WriteFile(dir / "deep.tar.gz", testing::WriteBundle(content));
  auto prepared = PrepareBundle(path, IngestSettings{});
  REQUIRE_FALSE(prepared.ok());
  INFO(prepared.status().message());
  CHECK(prepared.status().code() == Status::Code::kLimit);
  CHECK_THAT(prepared.status().message(), Catch::StartsWith("member files/var/lib/kubelet/config.yaml: nesting"));
}

TEST_CASE("ingest keeps a config that merely does not parse as a parse note", "[ingest]") {
  testing::ScratchDir dir("ingest-parse-note");
  testing::BundleContent content = testing::WorkerBundle();
  content.files["files"].clear();
  content.contents.clear();
  content.AddFile("/var/lib/kubelet/config.yaml", "key: [unclosed\n", "0644");
  auto path = testing::WriteFile(dir / "unparsable.tar.gz", testing::WriteBundle(content));
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  REQUIRE(Ingest(db->get(), path).ok());
  db->reset();
  CHECK(testing::QueryValue(dir / "audit.db", "SELECT count(*) FROM collection_notes WHERE kind = 'parse' AND "
                                              "path = '/var/lib/kubelet/config.yaml'") == "1");
  CHECK(testing::QueryValue(dir / "audit.db", "SELECT count(*) FROM config_values") == "0");
}

TEST_CASE("ingest keeps a kubelet config with a stray comma after its last brace as a parse note", "[ingest]") {
  // A parser that yields empty documents past the stray ',' would never stop; ours names the place.
  testing::ScratchDir dir("ingest-stray-comma");
  testing::BundleContent content = testing::WorkerBundle();
  content.files["files"].clear();
  content.contents.clear();
  content.AddFile("/var/lib/kubelet/config.json", "{\"kind\": \"KubeletConfiguration\"}\n, \"readOnlyPort\": 0\n", "0644");
  auto path = testing::WriteFile(dir / "stray-comma.tar.gz", testing::WriteBundle(content));
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  REQUIRE(Ingest(db->get(), path).ok());
  db->reset();
  CHECK(testing::QueryValue(dir / "audit.db", "SELECT detail FROM collection_notes WHERE kind = 'parse'") ==
        "not valid YAML or JSON: did not find expected <document start> at line 2, column 1");
}

TEST_CASE("ingest of the same bundle twice stores it once", "[ingest]") {
  testing::ScratchDir dir("ingest-twice");
  auto path = testing::WriteFile(dir / "worker.tar.gz", testing::WriteBundle(testing::WorkerBundle()));
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  auto first = PrepareBundle(path, IngestSettings{});
  REQUIRE(first.ok());
  auto stored = StoreBundle(db->get(), *first, nullptr);
  REQUIRE(stored.ok());
  CHECK(stored->added);
  const auto before = testing::SnapshotDatabase(dir / "audit.db");
  auto again = StoreBundle(db->get(), *first, nullptr);
  REQUIRE(again.ok());
  CHECK_FALSE(again->added);
  CHECK(again->bundle_id == stored->bundle_id);
  CHECK(again->node == "worker-1");
  CHECK(testing::SnapshotDatabase(dir / "audit.db") == before);
}

TEST_CASE("ingest stores SQL metacharacters in paths and values exactly", "[ingest]") {
  testing::ScratchDir dir("ingest-sql-metacharacters");
  const std::string node = "w'); DROP TABLE bundles; --";
  const std::string path = "/etc/kubernetes/it's \"x\"; DELETE FROM files; --.yaml";
  const std::string value = "'; UPDATE bundles SET node = 'pwned' WHERE '1'='1";
  const std::string flag_value = "--token-auth-file=/tmp/a' OR 1=1;--";
  testing::BundleContent content = testing::WorkerBundle(node);
  // Member names are restricted (FORMAT.md); node paths, recorded in files.json, are not.
  // `kind` is a safe key of any configuration, so the value is stored, not redacted.
  content.AddFile("/etc/kubernetes/sql.yaml", "apiVersion: 'it''s'\nkind: \"" + value + "\"\n");
  content.files["files"].back()["path"] = path;
  content.processes["processes"][0]["argv"].push_back(flag_value);
  auto bundle = testing::WriteFile(dir / "sql.tar.gz", testing::WriteBundle(content));
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  REQUIRE(Ingest(db->get(), bundle).ok());

  auto node_back = (*db)->Prepare("SELECT node, hostname FROM bundles");
  REQUIRE(node_back.ok());
  REQUIRE(node_back->Step());
  CHECK(node_back->Text(0) == node);
  CHECK(node_back->Text(1) == node);
  auto file_back = (*db)->Prepare("SELECT f.path, c.content FROM files f JOIN file_contents c USING (file_id) WHERE f.path = ?");
  REQUIRE(file_back.ok());
  file_back->Bind(1, path);
  REQUIRE(file_back->Step());
  CHECK(file_back->Text(0) == path);
  CHECK_THAT(file_back->Text(1), Catch::Contains(value));
  auto values = (*db)->Prepare(
      "SELECT v.value FROM config_values v JOIN files f USING (file_id) WHERE f.path = ? AND v.key_path = 'kind'");
  REQUIRE(values.ok());
  values->Bind(1, path);
  REQUIRE(values->Step());
  CHECK(values->Text(0) == value);
  auto argv = (*db)->Prepare("SELECT argv_json FROM processes");
  REQUIRE(argv.ok());
  REQUIRE(argv->Step());
  CHECK(nlohmann::json::parse(argv->Text(0)).back() == flag_value);
  db->reset();
  auto snapshot = testing::SnapshotDatabase(dir / "audit.db");
  CHECK(snapshot.row_counts.at("bundles") == 1);
  CHECK(snapshot.row_counts.at("files") == 3);
  CHECK(snapshot.integrity_check == "ok");
}

}  // namespace kubeproof
