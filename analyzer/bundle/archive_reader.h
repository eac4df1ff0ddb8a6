// ArchiveReader: reads a bundle archive from disk into memory under strict limits, refusing
// anything FORMAT.md does not allow; the one place the analyzer touches libarchive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/status.h"

namespace kubeproof {

struct ArchiveLimits {
  std::size_t max_entries = 20000;
  std::uint64_t max_member_bytes = 32ull << 20;
  std::uint64_t max_total_bytes = 128ull << 20;  // decompressed, counted as read
};

struct ArchiveContents {
  std::string compression;                    // "gzip" or "zstd"
  std::map<std::string, std::string> members;  // name -> bytes
  std::string sha256;                          // of the archive file as stored
};

// Reads every member of a gzip- or zstd-compressed tar. Refuses, naming the member: names that
// break FORMAT.md's rules, duplicates, links, devices, FIFOs, sparse entries, entries or bytes
// over the limits, truncation, and non-zero bytes after the end of the archive. Directory
// entries are skipped.
Result<ArchiveContents> ReadArchive(const std::filesystem::path& path, const ArchiveLimits& limits);

}  // namespace kubeproof
