// Database: the one wrapper around sqlite3. Prepared statements with bound values only; schema
// migrations by PRAGMA user_version; WAL, foreign keys and a busy timeout on every connection.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kubeproof {

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
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status status_;
};

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // kReadWrite creates the file if needed and applies pending migrations; a database whose
  // schema is newer than this program is refused. kReadOnly refuses every write.
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path, Mode mode);
  ~Database();

  Result<Statement> Prepare(std::string_view sql);
  // For fixed SQL text only (DDL, PRAGMA, transaction control), never for values.
  Status Exec(std::string_view sql);
  std::int64_t LastInsertId() const;
  int SchemaVersion();

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  Status Migrate();
  sqlite3* db_;
};

// Holds a write transaction (BEGIN IMMEDIATE) and rolls it back unless committed.
class Transaction {
 public:
  static Result<Transaction> Begin(Database* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace kubeproof
