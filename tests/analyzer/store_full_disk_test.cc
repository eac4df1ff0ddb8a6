#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <random>
#include <string>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

// A worker bundle carrying `bytes` of incompressible content, too much for a small filesystem.
std::string LargeBundle(const std::string& node, std::size_t bytes) {
  testing::BundleContent content = testing::WorkerBundle(node);
  std::mt19937_64 random(42);
  std::string noise(bytes, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xff);
  // os-release is kept whole; any other file would be filtered down to a few bytes.
  content.AddFile("/etc/os-release", noise, "0644", "plain");
  return testing::WriteBundle(content);
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
  CHECK_THAT(lines[0], Catch::StartsWith("kubeproof ingest: " + large.string() + ": database error, nothing stored for it: "));
  const auto after = testing::SnapshotDatabase(db);
  CHECK(after.integrity_check == "ok");
  CHECK(after == before);
}

}  // namespace

TEST_CASE("ingest onto a full tmpfs rolls back and keeps the earlier bundle", "[store][cli]") {
  testing::ScratchDir dir("store-full-tmpfs");
  auto mount_point = dir / "tiny";
  std::filesystem::create_directories(mount_point);
  if (::geteuid() != 0 || ::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=1536k") != 0) {
    // Without root the file-size limit case below covers the same path.
    WARN("cannot mount a tmpfs here; the RLIMIT_FSIZE case covers a full disk");
    return;
  }
  struct Unmount {
    std::filesystem::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  CheckFullFilesystem(mount_point / "audit.db", dir / "bundles", {});
}

TEST_CASE("ingest past the file size limit rolls back and keeps the earlier bundle", "[store][cli]") {
  testing::ScratchDir dir("store-full-rlimit");
  testing::ProgramOptions options;
  options.file_size_limit = 1 << 20;
  CheckFullFilesystem(dir / "audit.db", dir / "bundles", options);
}

}  // namespace kubeproof
