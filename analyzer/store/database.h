// Database: the one wrapper around sqlite3. Prepared statements with bound values only; schema
// migrations by PRAGMA user_version; WAL, foreign keys and a busy timeout on every connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/store/intern_cache.h"
#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kubeproof {

class StatementCache;

// A prepared statement. When it goes out of scope it is reset and handed back to its database,
// which reuses it for the next Prepare of the same SQL: ingest runs the same inserts per bundle.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Binds by 1-based position; chaining keeps call sites short.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, const std::optional<std::string>& text);
  Statement& Bind(int index, const std::optional<std::int64_t>& value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Steps once: true while a row is available, false when done; errors land in status().
  bool Step();
  // Runs to completion, then resets for reuse with new bindings.
  Status Run();
  void Reset();

  int ColumnCount() const;
  std::string ColumnName(int index) const;
  bool IsNull(int index) const;
  std::string Text(int index) const;
  std::int64_t Int(int index) const;
  std::optional<std::string> OptionalText(int index) const;
  std::optional<std::int64_t> OptionalInt(int index) const;
  const Status& status() const { return status_; }
  // True when the statement cannot change the database (sqlite3_stmt_readonly).
  bool ReadOnly() const;
  enum class ValueType { kNull, kInteger, kReal, kText, kBlob };
  ValueType Type(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::weak_ptr<StatementCache> cache)
      : db_(db), stmt_(stmt), cache_(std::move(cache)) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::weak_ptr<StatementCache> cache_;  // expired once the database is closed: finalize instead
  Status status_;
};

// Reset statements waiting for reuse, by SQL text; finalized with the database.
class StatementCache {
 public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();
  sqlite3_stmt* Take(std::string_view sql);
  void Give(sqlite3_stmt* stmt);

 private:
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly, kReport, kExamine };

  // kReadWrite creates the file if needed and applies pending migrations; kReadOnly refuses every
  // write; both refuse a file whose schema or tables show damage. kReport is kReadOnly that checks
  // only the tables reports read (ReportTables), so a fleet's table does not wait for every page
  // of its evidence to be read. kExamine is kReadOnly without any check, for `kubeproof check`. Another program's SQLite file (no kubeproof application_id, not empty) and a schema
  // newer than this program are refused before anything in the file is changed.
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path, Mode mode);
  ~Database();

  Result<Statement> Prepare(std::string_view sql);
  // For fixed SQL text only (DDL, PRAGMA, transaction control), never for values.
  Status Exec(std::string_view sql);
  std::int64_t LastInsertId() const;
  // False while a transaction is open on this connection.
  bool InAutocommit() const;
  int SchemaVersion();
  // Statements still running at `deadline` stop with Status::Limit ("ran longer than ...").
  void SetDeadline(std::chrono::steady_clock::time_point deadline);
  // Dictionary ids this connection has seen; a rolled-back Transaction clears it.
  InternCache& interned() { return interned_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  Status Migrate();
  // Ours (marked, or an unmarked file of ours from before the mark, or empty when creating) and
  // not newer than this program.
  Status CheckOwnership(const std::filesystem::path& path, bool empty_is_ours);
  sqlite3* db_;
  std::shared_ptr<StatementCache> cache_ = std::make_shared<StatementCache>();
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  InternCache interned_;
};

// The error for a damaged file: names it and the command that examines it.
Status DamagedDatabase(const std::string& file, const std::string& problem);

// Holds a write transaction (BEGIN IMMEDIATE) and rolls it back unless committed. Begun inside
// another transaction it is a savepoint: all-or-nothing, made durable when the outer one commits.
class Transaction {
 public:
  static Result<Transaction> Begin(Database* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), nested_(other.nested_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  Transaction(Database* db, bool nested) : db_(db), nested_(nested) {}
  Database* db_;
  bool nested_;
};

}  // namespace kubeproof
