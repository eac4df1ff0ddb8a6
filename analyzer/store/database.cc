#include "analyzer/store/database.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "analyzer/store/database_check.h"
#include "analyzer/store/read_only_name.h"
#include "analyzer/store/schema_migrations.h"
#include "analyzer/store/sql_functions.h"

namespace kubeproof {
namespace {

constexpr int kBusyTimeoutMs = 30000;
// PRAGMA application_id of every kubeproof database ("KPRF"), so another program's file is told apart.
constexpr std::int64_t kApplicationId = 0x4B505246;

// Waits for a lock by retrying every millisecond, up to kBusyTimeoutMs. SQLite's own busy
// timeout backs off to 100 ms between tries and so misses the short pauses another writer
// leaves between its commits (see CommitGroup): with it, a second ingest starves.
int RetryEveryMillisecond(void*, int tries) {
  if (tries >= kBusyTimeoutMs) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

Status SqliteError(sqlite3* db, const std::string& what);

// Switching a new file to WAL upgrades a read lock to a write lock; SQLite answers SQLITE_BUSY
// to that without calling the busy handler, so the wait is ours, within the same budget.
Status SwitchToWal(sqlite3* db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, nullptr) != SQLITE_OK) {
      return SqliteError(db, "cannot switch to WAL");
    }
    int rc = sqlite3_step(stmt);
    std::string mode = rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) : "";
    sqlite3_finalize(stmt);
    if (rc == SQLITE_ROW && mode == "wal") return Status::Ok();
    if (rc == SQLITE_ROW) return Status::IoError("cannot switch to WAL: journal mode stays " + mode);
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) {
      return SqliteError(db, "cannot switch to WAL");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Status SqliteError(sqlite3* db, const std::string& what) {
  const int code = sqlite3_extended_errcode(db);
  const char* name = sqlite3_db_filename(db, "main");
  const std::string file = name == nullptr || *name == '\0' ? "(in memory)" : name;
  const std::string detail = what + ": " + sqlite3_errmsg(db);
  // Each class gets its own words: an auditor must not read "damaged" when the disk is full.
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DamagedDatabase(file, detail);
    case SQLITE_FULL: return Status::IoError(detail + " (the disk holding " + file + " is full)");
    case SQLITE_READONLY: return Status::IoError(detail + " (" + file + " is read-only here)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IoError(detail + " (another process held " + file + " locked for " +
                             std::to_string(kBusyTimeoutMs / 1000) + " s)");
    case SQLITE_INTERRUPT: return Status::Limit(what + ": ran longer than its time limit");
    case SQLITE_ERROR: return Status::InvalidArgument(detail);
    default: return Status::IoError(detail);
  }
}

}  // namespace

Status DamagedDatabase(const std::string& file, const std::string& problem) {
  return Status::Corrupt("database " + file + " is damaged (" + problem + "); run 'kubeproof check --db " + file + "'");
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), cache_(std::move(other.cache_)), status_(other.status_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (auto cache = cache_.lock()) {
    cache->Give(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

StatementCache::~StatementCache() {
  for (auto& [sql, stmts] : idle_) {
    for (sqlite3_stmt* stmt : stmts) sqlite3_finalize(stmt);
  }
}

sqlite3_stmt* StatementCache::Take(std::string_view sql) {
  auto it = idle_.find(std::string(sql));
  if (it == idle_.end() || it->second.empty()) return nullptr;
  sqlite3_stmt* stmt = it->second.back();
  it->second.pop_back();
  return stmt;
}

void StatementCache::Give(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  idle_[sqlite3_sql(stmt)].push_back(stmt);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && status_.ok()) status_ = SqliteError(db_, "statement failed");
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  Status s = status_;
  Reset();
  return s;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status::Ok();
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

std::string Statement::ColumnName(int index) const { return sqlite3_column_name(stmt_, index); }

bool Statement::IsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

std::string Statement::Text(int index) const {
  const auto* text = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);
  return text == nullptr ? std::string() : std::string(text, static_cast<size_t>(size));
}

bool Statement::ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }

Statement::ValueType Statement::Type(int index) const {
  switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER: return ValueType::kInteger;
    case SQLITE_FLOAT: return ValueType::kReal;
    case SQLITE_TEXT: return ValueType::kText;
    case SQLITE_BLOB: return ValueType::kBlob;
    default: return ValueType::kNull;
  }
}

std::int64_t Statement::Int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::optional<std::string> Statement::OptionalText(int index) const {
  if (IsNull(index)) return std::nullopt;
  return Text(index);
}

std::optional<std::int64_t> Statement::OptionalInt(int index) const {
  if (IsNull(index)) return std::nullopt;
  return Int(index);
}

Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& path, Mode mode) {
  sqlite3* raw = nullptr;
  const bool read_only = mode != Mode::kReadWrite;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  std::string name = path.string();
  if (read_only) {
    flags |= SQLITE_OPEN_URI;  // ReadOnlyName answers a file: URI, or a plain name that is never one
    auto readable = ReadOnlyName(path);
    if (!readable.ok()) return readable.status();
    name = *readable;
  }
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Database> db(new Database(raw));
  if (rc != SQLITE_OK) return SqliteError(raw, "cannot open database " + path.string());
  sqlite3_busy_handler(raw, RetryEveryMillisecond, nullptr);
  if (RegisterSqlFunctions(raw) != SQLITE_OK) return SqliteError(raw, "cannot define SQL functions");
  sqlite3_extended_result_codes(raw, 1);
  if (Status s = db->Exec("PRAGMA foreign_keys = ON"); !s.ok()) return s;
  if (read_only) {
    // Readers run SQL a user typed on a file a stranger may have handed over: no functions with
    // side effects from the schema, no writable schema, no corruption-prone pragmas.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    if (Status s = db->Exec("PRAGMA trusted_schema = OFF"); !s.ok()) return s;
    if (Status s = db->Exec("PRAGMA query_only = ON"); !s.ok()) return s;
    if (Status s = db->CheckOwnership(path, /*empty_is_ours=*/false); !s.ok()) return s;
    if (mode == Mode::kExamine) return db;
    const std::vector<std::string> none;
    const auto& tables = mode == Mode::kReport ? ReportTables() : none;
    if (Status s = QuickCheckDatabase(db.get(), std::filesystem::absolute(path).string(), tables); !s.ok()) return s;
    return db;
  }
  // Nothing is changed in a file that is not ours, or is newer than this program.
  if (Status s = db->CheckOwnership(path, /*empty_is_ours=*/true); !s.ok()) return s;
  // Nothing is written to a damaged file either: appending would bury the damage deeper.
  if (Status s = QuickCheckDatabase(db.get(), std::filesystem::absolute(path).string()); !s.ok()) return s;
  // Takes effect only on a new file: larger pages halve the page writes of a bulk ingest.
  if (Status s = db->Exec("PRAGMA page_size = 16384"); !s.ok()) return s;
  // Concurrent ingests wait on each other instead of failing; WAL lets readers continue.
  if (Status s = SwitchToWal(raw); !s.ok()) return s.WithContext(path.string());
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: a crash can lose the last
  // bundles (ingest them again) but never corrupts the file or leaves a bundle half-stored.
  if (Status s = db->Exec("PRAGMA synchronous = NORMAL"); !s.ok()) return s;
  if (Status s = db->Migrate(); !s.ok()) return s.WithContext(path.string());
  return db;
}

Status Database::CheckOwnership(const std::filesystem::path& path, bool empty_is_ours) {
  // One statement, so one snapshot: read field by field, another process's first migration
  // committing in between would make a fresh database look like a stranger's.
  auto facts = Prepare(
      "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_master), "
      "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'bundles') "
      "FROM pragma_application_id AS a, pragma_user_version AS v");
  if (!facts.ok()) return facts.status().WithContext(path.string());
  if (!facts->Step()) return SqliteError(db_, "cannot read " + path.string());
  const std::int64_t application_id = facts->Int(0);
  const std::int64_t version = facts->Int(1);
  const bool empty = facts->Int(2) == 0 && version == 0;
  // Databases written before the mark carry our schema version and our bundles table.
  const bool unmarked_ours = application_id == 0 && version > 0 && facts->Int(3) == 1;
  bool ours = application_id == kApplicationId || unmarked_ours || (empty && empty_is_ours);
  if (!ours) return Status::InvalidArgument(path.string() + " is not a kubeproof database");
  if (version > static_cast<std::int64_t>(SchemaMigrations().size())) {
    return Status::Unsupported(path.string() + ": schema version " + std::to_string(version) +
                               " is newer than this kubeproof understands (" +
                               std::to_string(SchemaMigrations().size()) + ")");
  }
  return Status::Ok();
}

Database::~Database() {
  cache_.reset();  // finalizes the idle statements; any still in use are finalized by their owners
  sqlite3_close_v2(db_);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  if (sqlite3_stmt* reused = cache_->Take(sql)) return Statement(db_, reused, cache_);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK) {
    return SqliteError(db_, "cannot prepare statement");
  }
  // Only a statement whose text is exactly `sql` can be found again by that text.
  bool whole = tail == sql.data() + sql.size();
  return Statement(db_, stmt, whole ? std::weak_ptr<StatementCache>(cache_) : std::weak_ptr<StatementCache>());
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db_, "database error");
  }
  return Status::Ok();
}

void Database::SetDeadline(std::chrono::steady_clock::time_point deadline) {
  deadline_ = deadline;
  // Checked every 10,000 virtual machine steps: cheap, and a runaway query stops within moments.
  sqlite3_progress_handler(
      db_, 10000,
      [](void* self) { return std::chrono::steady_clock::now() >= static_cast<Database*>(self)->deadline_ ? 1 : 0; },
      this);
}

std::int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

bool Database::InAutocommit() const { return sqlite3_get_autocommit(db_) != 0; }

int Database::SchemaVersion() {
  auto stmt = Prepare("PRAGMA user_version");
  if (!stmt.ok() || !stmt->Step()) return -1;
  return static_cast<int>(stmt->Int(0));
}

Status Database::Migrate() {
  const auto& migrations = SchemaMigrations();
  auto tx = Transaction::Begin(this);
  if (!tx.ok()) return tx.status();
  int version = SchemaVersion();
  if (version < 0) return SqliteError(db_, "cannot read schema version");
  if (version > static_cast<int>(migrations.size())) {
    return Status::Unsupported("schema version " + std::to_string(version) +
                               " is newer than this kubeproof understands (" +
                               std::to_string(migrations.size()) + ")");
  }
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    if (Status s = Exec(migrations[i].sql); !s.ok()) return s.WithContext(std::string(migrations[i].name));
    // PRAGMA takes no bound parameters; the value is our own integer.
    if (Status s = Exec("PRAGMA user_version = " + std::to_string(i + 1)); !s.ok()) return s;
  }
  if (Status s = Exec("PRAGMA application_id = " + std::to_string(kApplicationId)); !s.ok()) return s;
  return tx->Commit();
}

Result<Transaction> Transaction::Begin(Database* db) {
  // Inside a transaction already, a savepoint keeps this unit all-or-nothing on its own.
  const bool nested = !db->InAutocommit();
  if (Status s = db->Exec(nested ? "SAVEPOINT unit" : "BEGIN IMMEDIATE"); !s.ok()) return s;
  // Another connection may have deleted dictionary rows since: ids are trusted within one transaction.
  if (!nested) db->interned().Clear();
  return Transaction(db, nested);
}

Transaction::~Transaction() {
  if (db_ == nullptr) return;
  (void)db_->Exec(nested_ ? "ROLLBACK TO unit; RELEASE unit" : "ROLLBACK");
  db_->interned().Clear();
}

Status Transaction::Commit() {
  Status s = db_->Exec(nested_ ? "RELEASE unit" : "COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace kubeproof
