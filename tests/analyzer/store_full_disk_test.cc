#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"
#include "tests/support/scratch_mount.h"

namespace kubeproof {
namespace {

// A worker bundle carrying `bytes` of incompressible content, too much for a small filesystem.
std::string LargeBundle(const std::string& node, std::size_t bytes) {
  testing::BundleContent content = testing::WorkerBundle(node);
  // Seeded by the node: equal contents are stored once, so each bundle's noise must be its own.
  std::seed_seq seed(node.begin(), node.end());
  std::mt19937_64 random(seed);
  std::string noise(bytes, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xff);
  // os-release is kept whole; any other file would be filtered down to a few bytes.
  content.AddFile("/etc/os-release", noise, "0644", "plain");
  return testing::WriteBundle(content);
}

// Ingests twelve bundles of 150 KiB each in one run, more than the file system holds: the run
// fails at the first bundle that does not fit and stores every bundle before it, whole; a
// second run of the same command loses nothing.
void CheckManyOntoFullFilesystem(const std::filesystem::path& db, const std::filesystem::path& bundles,
                                 const testing::ProgramOptions& options) {
  std::vector<std::string> argv = {testing::KubeproofBinary(), "ingest", "--db", db.string(), "--no-evaluate"};
  std::vector<std::string> nodes;
  for (int i = 0; i < 12; ++i) {
    std::string node = "node-";
    node += static_cast<char>('a' + i);
    nodes.push_back(node);
    argv.push_back(testing::WriteFile(bundles / (node + ".tar.gz"), LargeBundle(node, 150 << 10)).string());
  }
  auto run = testing::RunProgram(argv, options);
  INFO(run.err);
  REQUIRE(run.exit_code == 3);
  const auto stored = testing::SnapshotDatabase(db);
  CHECK(stored.integrity_check == "ok");
  const auto count = stored.row_counts.at("bundles");
  CHECK(count > 0);
  REQUIRE(count < 12);
  // Exactly the first `count` bundles, and the error names the next one.
  for (std::int64_t i = 0; i < 12; ++i) {
    const auto rows = testing::QueryValue(db, "SELECT count(*) FROM bundles WHERE node = '" + nodes[static_cast<size_t>(i)] + "'");
    CHECK(rows == (i < count ? "1" : "0"));
  }
  CHECK_THAT(run.err, Catch::StartsWith("kubeproof ingest: " + argv[static_cast<size_t>(5 + count)] +
                                         ": database error, nothing stored for it (the bundles before it are stored"));

  auto again = testing::RunProgram(argv, options);
  CHECK(again.exit_code == 3);
  const auto after = testing::SnapshotDatabase(db);
  CHECK(after.integrity_check == "ok");
  CHECK(after.row_counts.at("bundles") >= count);
}

std::vector<std::string> IngestArgs(const std::filesystem::path& db, const std::filesystem::path& bundle) {
  return {testing::KubeproofBinary(), "ingest", "--db", db.string(), "--no-evaluate", bundle.string()};
}

// Ingest one small bundle, then one that cannot fit: the second fails with exit 3 and the
// database still holds exactly the first.
void CheckFullFilesystem(const std::filesystem::path& db, const std::filesystem::path& bundles,
                         const testing::ProgramOptions& options) {
  auto small = testing::WriteFile(bundles / "small.tar.gz", testing::WriteBundle(testing::WorkerBundle("small")));
  auto large = testing::WriteFile(bundles / "large.tar.gz", LargeBundle("large", 2 << 20));
  auto first = testing::RunProgram(IngestArgs(db, small));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const auto before = testing::SnapshotDatabase(db);
  REQUIRE(before.row_counts.at("bundles") == 1);

  auto full = testing::RunProgram(IngestArgs(db, large), options);
  INFO(full.err);
  CHECK(full.exit_code == 3);
  auto lines = testing::Lines(full.err);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("kubeproof ingest: " + large.string() + ": database error, nothing stored for it"));
  const auto after = testing::SnapshotDatabase(db);
  CHECK(after.integrity_check == "ok");
  CHECK(after == before);
}

}  // namespace

TEST_CASE("ingest onto a full tmpfs rolls back and keeps the earlier bundle", "[store][cli]") {
  testing::ScratchDir dir("store-full-tmpfs");
  auto mount_point = dir / "tiny";
  testing::ScratchMount tiny(mount_point, "1536k");
  if (!tiny.mounted()) {
    // Without root the file-size limit case covers the same path.
    WARN("cannot mount a tmpfs here; the RLIMIT_FSIZE case covers a full disk");
    return;
  }
  CheckFullFilesystem(mount_point / "audit.db", dir / "bundles", {});
}

TEST_CASE("ingest of more bundles than a small tmpfs holds stores every bundle that fits, in order", "[store][cli]") {
  testing::ScratchDir dir("store-full-many");
  auto mount_point = dir / "tiny";
  testing::ScratchMount tiny(mount_point, "2m");
  if (!tiny.mounted()) {
    // Without root the file-size limit case covers the same path.
    WARN("cannot mount a tmpfs here; the RLIMIT_FSIZE case covers a full disk");
    return;
  }
  CheckManyOntoFullFilesystem(mount_point / "audit.db", dir / "bundles", {});
}

TEST_CASE("ingest of more bundles than the file size limit allows stores every bundle that fits, in order",
          "[store][cli]") {
  testing::ScratchDir dir("store-full-many-rlimit");
  testing::ProgramOptions options;
  // A new database's first WAL holds its whole schema, about 0.7 MiB in 16 KiB pages: 1.5 MiB
  // leaves room for a bundle or two on the first run, and not for twelve on the second.
  options.file_size_limit = 3 << 19;
  CheckManyOntoFullFilesystem(dir / "audit.db", dir / "bundles", options);
}

TEST_CASE("ingest past the file size limit rolls back and keeps the earlier bundle", "[store][cli]") {
  testing::ScratchDir dir("store-full-rlimit");
  testing::ProgramOptions options;
  options.file_size_limit = 1 << 20;
  CheckFullFilesystem(dir / "audit.db", dir / "bundles", options);
}

}  // namespace kubeproof
