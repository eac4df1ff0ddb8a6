#include "analyzer/bundle/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "common/member_name.h"
#include "common/sha256.h"

namespace kubeproof {
namespace {

constexpr size_t kBlockSize = 64 * 1024;

using ArchivePtr = std::unique_ptr<struct archive, decltype(&archive_read_free)>;

// Owns the bundle's file descriptor; hashes the bytes as libarchive pulls them.
struct FileSource {
  int fd = -1;
  Sha256* hasher = nullptr;
  char buffer[kBlockSize];
};

la_ssize_t ReadBlock(struct archive* a, void* client, const void** block) {
  auto* source = static_cast<FileSource*>(client);
  ssize_t n = ::read(source->fd, source->buffer, sizeof(source->buffer));
  if (n < 0) {
    archive_set_error(a, errno, "read failed");
    return -1;
  }
  if (source->hasher != nullptr) source->hasher->Update(std::string_view(source->buffer, static_cast<size_t>(n)));
  *block = source->buffer;
  return n;
}

std::string ErrorText(struct archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown archive error";
}

// Opens `source` with only the gzip and zstd filters and the given format.
Status OpenRestricted(struct archive* a, FileSource* source, bool raw) {
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_zstd(a);
  if (raw) {
    archive_read_support_format_raw(a);
  } else {
    archive_read_support_format_tar(a);
  }
  if (archive_read_open(a, source, nullptr, ReadBlock, nullptr) != ARCHIVE_OK) {
    // The raw pass accepts any non-empty input, so failing there means a broken stream.
    return Status::Corrupt(std::string(raw ? "truncated or corrupt compressed stream" : "not a tar archive") + " (" +
                           ErrorText(a) + ")");
  }
  return Status::Ok();
}

struct StreamFacts {
  std::string compression;
  uint64_t decompressed_bytes = 0;
  uint64_t last_nonzero_end = 0;  // offset just past the last non-zero decompressed byte
  uint64_t compressed_bytes = 0;  // where the compressed stream ended in the file
};

// Pass 1: decompresses the whole stream once, without keeping it, to refuse anything that is
// not gzip/zstd, to stop bombs at the total cap, and to find where real content ends.
Result<StreamFacts> ScanStream(int fd, const ArchiveLimits& limits, Sha256* hasher) {
  auto source = std::make_unique<FileSource>();
  source->fd = fd;
  source->hasher = hasher;
  ArchivePtr a(archive_read_new(), archive_read_free);
  if (Status s = OpenRestricted(a.get(), source.get(), /*raw=*/true); !s.ok()) return s;
  StreamFacts facts;
  struct archive_entry* entry = nullptr;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
    return Status::Corrupt("unreadable archive (" + ErrorText(a.get()) + ")");
  }
  int filter = archive_filter_code(a.get(), 0);
  if (filter == ARCHIVE_FILTER_GZIP) {
    facts.compression = "gzip";
  } else if (filter == ARCHIVE_FILTER_ZSTD) {
    facts.compression = "zstd";
  } else {
    return Status::Corrupt("not gzip or zstd compressed");
  }
  std::unique_ptr<char[]> buffer(new char[kBlockSize]);
  for (;;) {
    la_ssize_t n = archive_read_data(a.get(), buffer.get(), kBlockSize);
    if (n < 0) return Status::Corrupt("truncated or corrupt " + facts.compression + " stream (" + ErrorText(a.get()) + ")");
    if (n == 0) break;
    for (la_ssize_t i = n; i > 0; --i) {
      if (buffer[static_cast<size_t>(i - 1)] != 0) {
        facts.last_nonzero_end = facts.decompressed_bytes + static_cast<uint64_t>(i);
        break;
      }
    }
    facts.decompressed_bytes += static_cast<uint64_t>(n);
    if (facts.decompressed_bytes > limits.max_total_bytes) {
      return Status::Limit("decompresses to more than " + std::to_string(limits.max_total_bytes) +
                           " bytes (limit)");
    }
  }
  la_int64_t consumed = archive_filter_bytes(a.get(), -1);
  if (consumed < 0) return Status::Corrupt("unreadable " + facts.compression + " stream");
  facts.compressed_bytes = static_cast<uint64_t>(consumed);
  return facts;
}

std::string_view EntryKind(mode_t type) {
  switch (type) {
    case AE_IFLNK: return "a symlink";
    case AE_IFCHR: return "a character device";
    case AE_IFBLK: return "a block device";
    case AE_IFIFO: return "a FIFO";
    case AE_IFSOCK: return "a socket";
    default: return "not a regular file";
  }
}

Status CheckEntry(struct archive_entry* entry, const std::string& name) {
  std::string where = "member " + DisplayName(name);
  if (std::string_view problem = MemberNameProblem(name); !problem.empty()) {
    return Status::Corrupt(where + ": name not allowed: " + std::string(problem));
  }
  if (archive_entry_hardlink(entry) != nullptr) return Status::Corrupt(where + ": is a hardlink");
  mode_t type = archive_entry_filetype(entry);
  if (type != AE_IFREG) return Status::Corrupt(where + ": is " + std::string(EntryKind(type)));
  if (archive_entry_sparse_count(entry) > 0) return Status::Corrupt(where + ": is a sparse file");
  return Status::Ok();
}

// Pass 2: walks the tar entries and keeps every member's bytes.
Result<ArchiveContents> ReadMembers(int fd, const ArchiveLimits& limits, const StreamFacts& facts) {
  auto source = std::make_unique<FileSource>();
  source->fd = fd;
  ArchivePtr a(archive_read_new(), archive_read_free);
  if (Status s = OpenRestricted(a.get(), source.get(), /*raw=*/false); !s.ok()) return s;
  ArchiveContents contents;
  contents.compression = facts.compression;
  size_t entries = 0;
  uint64_t total = 0;
  std::unique_ptr<char[]> buffer(new char[kBlockSize]);
  for (;;) {
    struct archive_entry* entry = nullptr;
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK) return Status::Corrupt("bad tar header after " + std::to_string(entries) + " entries (" + ErrorText(a.get()) + ")");
    if (++entries > limits.max_entries) {
      return Status::Limit("more than " + std::to_string(limits.max_entries) + " entries (limit)");
    }
    const char* raw_name = archive_entry_pathname(entry);
    std::string name = raw_name != nullptr ? raw_name : "";
    if (archive_entry_filetype(entry) == AE_IFDIR && archive_entry_hardlink(entry) == nullptr) continue;
    if (Status s = CheckEntry(entry, name); !s.ok()) return s;
    std::string where = "member " + DisplayName(name);
    if (contents.members.count(name) != 0) return Status::Corrupt(where + ": appears twice");
    std::string data;
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buffer.get(), kBlockSize);
      if (n < 0) return Status::Corrupt(where + ": truncated or corrupt (" + ErrorText(a.get()) + ")");
      if (n == 0) break;
      total += static_cast<uint64_t>(n);
      if (data.size() + static_cast<size_t>(n) > limits.max_member_bytes) {
        return Status::Limit(where + ": larger than " + std::to_string(limits.max_member_bytes) + " bytes (limit)");
      }
      if (total > limits.max_total_bytes) {
        return Status::Limit("members add up to more than " + std::to_string(limits.max_total_bytes) + " bytes (limit)");
      }
      data.append(buffer.get(), static_cast<size_t>(n));
    }
    contents.members.emplace(std::move(name), std::move(data));
  }
  // The tar end marker and padding are zeros; anything else after them was appended.
  la_int64_t consumed = archive_filter_bytes(a.get(), 0);
  if (consumed < 0 || facts.last_nonzero_end > static_cast<uint64_t>(consumed)) {
    return Status::Corrupt("data after the end of the tar archive");
  }
  return contents;
}

}  // namespace

Result<ArchiveContents> ReadArchive(const std::filesystem::path& path, const ArchiveLimits& limits) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Status::IoError(std::string("cannot open: ") + std::strerror(errno));
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return Status::InvalidArgument("not a regular file");
  if (st.st_size == 0) return Status::Corrupt("empty file");
  Sha256 hasher;
  auto facts = ScanStream(fd, limits, &hasher);
  if (!facts.ok()) return facts.status();
  // A second gzip member or appended bytes are never read by libarchive: refuse them here.
  if (static_cast<uint64_t>(st.st_size) != facts->compressed_bytes) {
    return Status::Corrupt("data after the end of the compressed stream");
  }
  // Whatever libarchive did not pull still belongs to the file's digest.
  char tail[kBlockSize];
  for (ssize_t n; (n = ::read(fd, tail, sizeof(tail))) > 0;) {
    hasher.Update(std::string_view(tail, static_cast<size_t>(n)));
  }
  if (::lseek(fd, 0, SEEK_SET) != 0) return Status::IoError("cannot rewind");
  auto contents = ReadMembers(fd, limits, *facts);
  if (!contents.ok()) return contents.status();
  contents->sha256 = hasher.HexDigest();
  return contents;
}

}  // namespace kubeproof
