#include "tests/support/database_snapshot.h"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "common/sha256.h"

namespace kubeproof::testing {
namespace {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;
using Query = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Connection OpenReadOnly(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Connection db(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path.string());
  sqlite3_busy_timeout(raw, 30000);
  return db;
}

Query Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db) + ": " + sql);
  }
  return Query(stmt, sqlite3_finalize);
}

std::string Column(sqlite3_stmt* stmt, int i) {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, i));
  int size = sqlite3_column_bytes(stmt, i);
  return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(size));
}

}  // namespace

DatabaseSnapshot SnapshotDatabase(const std::filesystem::path& path) {
  Connection db = OpenReadOnly(path);
  DatabaseSnapshot snapshot;
  std::vector<std::pair<std::string, bool>> tables;  // name, clustered on its primary key
  {
    Query q = Prepare(db.get(), "SELECT name, sql LIKE '%WITHOUT ROWID' FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (sqlite3_step(q.get()) == SQLITE_ROW) tables.emplace_back(Column(q.get(), 0), sqlite3_column_int(q.get(), 1) != 0);
  }
  Sha256 digest;
  for (const auto& [table, clustered] : tables) {
    // Table names come from our own schema, never from bundle content. A WITHOUT ROWID table
    // has no rowid; scanning it whole reads it in primary key order.
    Query q = Prepare(db.get(), "SELECT * FROM \"" + table + "\"" + (clustered ? "" : " ORDER BY rowid"));
    std::int64_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      ++rows;
      for (int i = 0; i < sqlite3_column_count(q.get()); ++i) {
        std::string value = Column(q.get(), i);
        // Type and length first, so no two different rows hash alike.
        digest.Update(std::to_string(sqlite3_column_type(q.get(), i)) + ":" + std::to_string(value.size()) + ":");
        digest.Update(value);
      }
    }
    if (rc != SQLITE_DONE) throw std::runtime_error("reading " + table + ": " + sqlite3_errmsg(db.get()));
    snapshot.row_counts[table] = rows;
  }
  snapshot.content_sha256 = digest.HexDigest();
  // Views count too: since schema version 9 `files` and `check_results` are views. Their rows
  // come from the tables, so the digest needs none of them.
  std::vector<std::string> views;
  {
    Query q = Prepare(db.get(), "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name");
    while (sqlite3_step(q.get()) == SQLITE_ROW) views.push_back(Column(q.get(), 0));
  }
  for (const std::string& view : views) {
    snapshot.row_counts[view] = std::stoll(QueryValue(path, "SELECT count(*) FROM \"" + view + "\""));
  }
  snapshot.user_version = std::stoi(QueryValue(path, "PRAGMA user_version"));
  snapshot.integrity_check = QueryValue(path, "PRAGMA integrity_check");
  return snapshot;
}

std::string QueryValue(const std::filesystem::path& path, const std::string& sql) {
  Connection db = OpenReadOnly(path);
  Query q = Prepare(db.get(), sql);
  int rc = sqlite3_step(q.get());
  if (rc == SQLITE_ROW) return Column(q.get(), 0);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("query: ") + sqlite3_errmsg(db.get()));
  return "";
}

}  // namespace kubeproof::testing
