// What a database holds, read with plain sqlite3: row counts of every table and view, a digest of
// every table's content, the schema version and PRAGMA integrity_check, to prove a refused ingest
// wrote nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace kubeproof::testing {

struct DatabaseSnapshot {
  std::map<std::string, std::int64_t> row_counts;  // every table and view
  std::string content_sha256;                      // every value of every row of every table
  int user_version = 0;
  std::string integrity_check;  // "ok" for a sound file

  bool operator==(const DatabaseSnapshot&) const = default;
};

DatabaseSnapshot SnapshotDatabase(const std::filesystem::path& path);

// The single value of a query on the database (empty for NULL or no row).
std::string QueryValue(const std::filesystem::path& path, const std::string& sql);

}  // namespace kubeproof::testing
