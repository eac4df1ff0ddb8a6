#include <archive.h>
#include <archive_entry.h>

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "analyzer/bundle/archive_reader.h"
#include "tests/support/bad_bundles.h"

namespace kubeproof {
namespace {

using testing::BundleContent;
using testing::Compression;
using testing::ScratchDir;
using testing::SignedEntries;
using testing::TarBuilder;
using testing::TarEntry;
using testing::WorkerBundle;

const ScratchDir& Scratch() {
  static const ScratchDir dir("bundle-hostile-archive");
  return dir;
}

const std::filesystem::path kCacheDir = std::filesystem::path(KUBEPROOF_BINARY_DIR) / "test-cache";

Result<ArchiveContents> Read(const std::string& bytes, const ArchiveLimits& limits = {}) {
  static int counter = 0;
  auto path = testing::WriteFile(Scratch() / ("bundle-" + std::to_string(counter++) + ".tar.gz"), bytes);
  return ReadArchive(path, limits);
}

// A signed worker bundle with one more entry appended, compressed.
std::string WithEntry(TarEntry extra, Compression compression = Compression::kGzip) {
  auto entries = SignedEntries(WorkerBundle());
  entries.push_back(std::move(extra));
  return testing::Compress(testing::TarOf(entries), compression);
}

TarEntry Entry(std::string name, char type = '0', std::string data = "x", std::string link = "") {
  return TarEntry{std::move(name), type, std::move(data), std::move(link), std::nullopt, {}};
}

void RequireRefused(const Result<ArchiveContents>& result, Status::Code code, const std::string& message) {
  REQUIRE_FALSE(result.ok());
  INFO(result.status().message());
  CHECK(result.status().code() == code);
  CHECK_THAT(result.status().message(), Catch::Contains(message));
  CHECK(result.status().message().find('\n') == std::string::npos);
  CHECK(result.status().message().size() < 400);
}

// Another archive format, written by libarchive with no compression.
std::string OtherFormat(int (*set_format)(struct archive*)) {
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
  REQUIRE(set_format(a.get()) == ARCHIVE_OK);
  REQUIRE(archive_write_open2(
              a.get(), &out, nullptr,
              [](struct archive*, void* client, const void* buffer, size_t length) -> la_ssize_t {
                static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
                return static_cast<la_ssize_t>(length);
              },
              nullptr, nullptr) == ARCHIVE_OK);
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), "SHA256SUMS");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), 5);
  REQUIRE(archive_write_header(a.get(), entry.get()) == ARCHIVE_OK);
  REQUIRE(archive_write_data(a.get(), "hello", 5) == 5);
  REQUIRE(archive_write_close(a.get()) == ARCHIVE_OK);
  return out;
}

}  // namespace

TEST_CASE("bundle reader accepts a collector bundle in gzip and the same tar in zstd", "[bundle]") {
  auto gzip = Read(testing::WriteBundle(WorkerBundle()));
  REQUIRE(gzip.ok());
  CHECK(gzip->compression == "gzip");
  CHECK(gzip->members.count("files/var/lib/kubelet/config.yaml") == 1);
  CHECK(gzip->sha256.size() == 64);
  auto zstd = Read(testing::Zstd(testing::TarOf(SignedEntries(WorkerBundle()))));
  REQUIRE(zstd.ok());
  CHECK(zstd->compression == "zstd");
  CHECK(zstd->members == gzip->members);
}

TEST_CASE("bundle reader skips directory entries of a bundle re-packed by hand", "[bundle]") {
  auto contents = Read(WithEntry(Entry("files/etc", '5', "")));
  REQUIRE(contents.ok());
  CHECK(contents->members.count("files/etc") == 0);
}

TEST_CASE("bundle reader refuses a member named ../../x", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("../../x"))), Status::Code::kCorrupt, "member ../../x: name not allowed: '..' component");
}

TEST_CASE("bundle reader refuses a member named /etc/passwd", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("/etc/passwd"))), Status::Code::kCorrupt,
                 "member /etc/passwd: name not allowed: absolute path");
}

TEST_CASE("bundle reader refuses names with empty or . components and backslashes", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files//x"))), Status::Code::kCorrupt, "member files//x: name not allowed: empty component");
  RequireRefused(Read(WithEntry(Entry("files/./x"))), Status::Code::kCorrupt, "name not allowed: '.' component");
  RequireRefused(Read(WithEntry(Entry("files\\..\\x"))), Status::Code::kCorrupt, "name not allowed: backslash");
}

TEST_CASE("bundle reader refuses a symlink member", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/etc/shadow", '2', "", "/etc/shadow"))), Status::Code::kCorrupt,
                 "member files/etc/shadow: is a symlink");
}

TEST_CASE("bundle reader refuses a hardlink member", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/link", '1', "", "manifest.json"))), Status::Code::kCorrupt,
                 "member files/link: is a hardlink");
}

TEST_CASE("bundle reader refuses device and FIFO members", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/dev/sda", '4', ""))), Status::Code::kCorrupt,
                 "member files/dev/sda: is a block device");
  RequireRefused(Read(WithEntry(Entry("files/dev/tty", '3', ""))), Status::Code::kCorrupt,
                 "member files/dev/tty: is a character device");
  RequireRefused(Read(WithEntry(Entry("files/run/fifo", '6', ""))), Status::Code::kCorrupt,
                 "member files/run/fifo: is a FIFO");
}

TEST_CASE("bundle reader refuses a duplicate member", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/var/lib/kubelet/config.yaml", '0', "readOnlyPort: 10255\n"))),
                 Status::Code::kCorrupt, "member files/var/lib/kubelet/config.yaml: appears twice");
}

TEST_CASE("bundle reader refuses a sparse member", "[bundle]") {
  TarEntry sparse = Entry("files/sparse", '0', std::string(1024, 's'));
  sparse.pax = {{"GNU.sparse.size", "1048576"}, {"GNU.sparse.map", "0,512,1047552,512"}};
  RequireRefused(Read(WithEntry(sparse)), Status::Code::kCorrupt, "member files/sparse: is a sparse file");
}

TEST_CASE("bundle reader refuses a 64 KiB member name on one short line", "[bundle]") {
  std::string name = "files/" + std::string(64 * 1024, 'a');
  RequireRefused(Read(WithEntry(Entry(name))), Status::Code::kCorrupt, "name not allowed: longer than 1024 bytes");
}

TEST_CASE("bundle reader refuses a 300-level member path", "[bundle]") {
  std::string name = "files";
  for (int i = 0; i < 300; ++i) name += "/d";
  RequireRefused(Read(WithEntry(Entry(name))), Status::Code::kCorrupt, "name not allowed: more than 64 components");
}

TEST_CASE("bundle reader refuses a non-UTF-8 member name", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/caf\xe9"))), Status::Code::kCorrupt,
                 "member files/caf\\xe9: name not allowed: not valid UTF-8");
}

TEST_CASE("bundle reader refuses control characters in a member name without printing them", "[bundle]") {
  RequireRefused(Read(WithEntry(Entry("files/evil\nname\x1b[31m"))), Status::Code::kCorrupt,
                 "member files/evil\\x0aname\\x1b[31m: name not allowed: control character");
}

TEST_CASE("bundle reader refuses more entries than the cap", "[bundle]") {
  TarBuilder tar;
  for (int i = 0; i <= 20000; ++i) tar.File("e/" + std::to_string(i), "");
  RequireRefused(Read(testing::Gzip(tar.Finish())), Status::Code::kLimit, "more than 20000 entries (limit)");
  // Directory entries count too, though they are skipped.
  TarBuilder dirs;
  for (int i = 0; i < 11; ++i) dirs.Add(Entry("d" + std::to_string(i), '5', ""));
  ArchiveLimits limits;
  limits.max_entries = 10;
  RequireRefused(Read(testing::Gzip(dirs.Finish()), limits), Status::Code::kLimit, "more than 10 entries (limit)");
}

TEST_CASE("bundle reader refuses a million empty entries at a cap", "[bundle]") {
  auto path = testing::CachedEmptyEntries(kCacheDir, 1000000);
  auto contents = ReadArchive(path, ArchiveLimits{});
  RequireRefused(contents, Status::Code::kLimit, "decompresses to more than 134217728 bytes (limit)");
  ArchiveLimits limits;
  limits.max_total_bytes = 1ull << 30;
  RequireRefused(ReadArchive(path, limits), Status::Code::kLimit, "more than 20000 entries (limit)");
}

TEST_CASE("bundle reader refuses a gzip bomb at the total cap", "[bundle]") {
  auto bomb = testing::CachedGzipBomb(kCacheDir);
  CHECK(std::filesystem::file_size(bomb) < 64 * 1024);
  RequireRefused(ReadArchive(bomb, ArchiveLimits{}), Status::Code::kLimit,
                 "decompresses to more than 134217728 bytes (limit)");
}

TEST_CASE("bundle reader refuses a zstd bomb at the total cap", "[bundle]") {
  auto bomb = testing::CachedZstdBomb(kCacheDir);
  CHECK(std::filesystem::file_size(bomb) < 64 * 1024);
  RequireRefused(ReadArchive(bomb, ArchiveLimits{}), Status::Code::kLimit,
                 "decompresses to more than 134217728 bytes (limit)");
}

TEST_CASE("bundle reader refuses a member that expands past the member cap", "[bundle]") {
  ArchiveLimits limits;
  limits.max_member_bytes = 64 * 1024;
  RequireRefused(Read(WithEntry(Entry("files/big", '0', std::string(1 << 20, '\0'))), limits), Status::Code::kLimit,
                 "member files/big: larger than 65536 bytes (limit)");
  // The same cap holds for zstd.
  RequireRefused(Read(WithEntry(Entry("files/big", '0', std::string(1 << 20, 'z')), Compression::kZstd), limits),
                 Status::Code::kLimit, "member files/big: larger than 65536 bytes (limit)");
}

TEST_CASE("bundle reader refuses members that add up past the total cap", "[bundle]") {
  ArchiveLimits limits;
  limits.max_total_bytes = 100 * 1024;
  TarBuilder tar;
  for (int i = 0; i < 3; ++i) tar.File("files/part" + std::to_string(i), std::string(40 * 1024, 'p'));
  RequireRefused(Read(testing::Gzip(tar.Finish()), limits), Status::Code::kLimit,
                 "decompresses to more than 102400 bytes (limit)");
}

TEST_CASE("bundle reader counts the bytes it reads rather than the size a header claims", "[bundle]") {
  // The header claims 1 TiB; the cap stops the read long before the data runs out.
  TarEntry huge = Entry("files/huge", '0', std::string(256 * 1024, 'h'));
  huge.claimed_size = 1ull << 40;
  std::string tar = TarBuilder().Add(huge).Finish(/*end_marker=*/false);
  ArchiveLimits limits;
  limits.max_member_bytes = 64 * 1024;
  RequireRefused(Read(testing::Gzip(tar), limits), Status::Code::kLimit, "member files/huge: larger than 65536 bytes (limit)");
  // Under the default caps the same member is simply truncated.
  RequireRefused(Read(testing::Gzip(tar)), Status::Code::kCorrupt, "member files/huge: truncated or corrupt");
}

TEST_CASE("bundle reader refuses a truncated archive", "[bundle]") {
  std::string bytes = testing::WriteBundle(WorkerBundle());
  RequireRefused(Read(bytes.substr(0, bytes.size() / 2)), Status::Code::kCorrupt, "truncated or corrupt");
  RequireRefused(Read(bytes.substr(0, bytes.size() - 4)), Status::Code::kCorrupt, "truncated or corrupt");
  // A tar cut inside a member, then compressed whole.
  std::string tar = testing::TarOf(SignedEntries(WorkerBundle()));
  RequireRefused(Read(testing::Gzip(tar.substr(0, 3 * 512 + 100))), Status::Code::kCorrupt, "truncated or corrupt");
}

TEST_CASE("bundle reader refuses bytes after the end of the compressed stream", "[bundle]") {
  std::string bytes = testing::WriteBundle(WorkerBundle());
  RequireRefused(Read(bytes + "trailing"), Status::Code::kCorrupt, "data after the end of the compressed stream");
  RequireRefused(Read(bytes + std::string(512, '\0')), Status::Code::kCorrupt,
                 "data after the end of the compressed stream");
  RequireRefused(Read(bytes + testing::Gzip("second gzip member")), Status::Code::kCorrupt, "data after the end");
}

TEST_CASE("bundle reader refuses bytes after the end of the tar inside the stream", "[bundle]") {
  std::string tar = testing::TarOf(SignedEntries(WorkerBundle()));
  RequireRefused(Read(testing::Gzip(tar + "appended")), Status::Code::kCorrupt, "data after the end of the tar archive");
  // Zero padding after the end marker is what tar writers do: accepted.
  CHECK(Read(testing::Gzip(tar + std::string(8192, '\0'))).ok());
}

TEST_CASE("bundle reader refuses zip or 7z or mtree or plain text renamed to .tar.gz", "[bundle]") {
  RequireRefused(Read(OtherFormat(archive_write_set_format_zip)), Status::Code::kCorrupt, "not gzip or zstd compressed");
  RequireRefused(Read(OtherFormat(archive_write_set_format_7zip)), Status::Code::kCorrupt, "not gzip or zstd compressed");
  RequireRefused(Read(OtherFormat(archive_write_set_format_mtree)), Status::Code::kCorrupt, "not gzip or zstd compressed");
  RequireRefused(Read("just some text\n"), Status::Code::kCorrupt, "not gzip or zstd compressed");
  RequireRefused(Read(testing::TarOf(SignedEntries(WorkerBundle()))), Status::Code::kCorrupt, "not gzip or zstd compressed");
  RequireRefused(Read(""), Status::Code::kCorrupt, "empty file");
  // Compression alone is not enough: the content must be tar.
  RequireRefused(Read(testing::Gzip(OtherFormat(archive_write_set_format_zip))), Status::Code::kCorrupt,
                 "not a tar archive (Unrecognized archive format)");
  RequireRefused(Read(testing::Gzip("just some text\n")), Status::Code::kCorrupt,
                 "not a tar archive (Unrecognized archive format)");
}

TEST_CASE("bundle reader refuses a directory or a missing file as a bundle", "[bundle]") {
  auto missing = ReadArchive(Scratch() / "no-such.tar.gz", ArchiveLimits{});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kIoError);
  auto directory = ReadArchive(Scratch().path(), ArchiveLimits{});
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.status().code() == Status::Code::kInvalidArgument);
}

}  // namespace kubeproof
