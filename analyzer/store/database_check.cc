#include "analyzer/store/database_check.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include "analyzer/store/schema_migrations.h"
#include "analyzer/store/sql_functions.h"

namespace kubeproof {
namespace {

// (type, sql) of each schema object by name.
using SchemaObjects = std::map<std::string, std::pair<std::string, std::string>>;

constexpr const char* kSchemaQuery =
    "SELECT name, type, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER "
    "BY name";

// SQL text without double quotes and with runs of whitespace as one space: table renames write
// quotes around the new name, and that may differ between SQLite versions.
std::string Normalized(const std::string& sql) {
  std::string out;
  for (char c : sql) {
    if (c == '"') continue;
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// An integrity-check answer on one line: its lines joined, SQLite's "*** in database main ***"
// heading dropped.
std::string OneLine(const std::string& text) {
  std::string out, line;
  std::istringstream lines(text);
  while (std::getline(lines, line)) {
    if (line.empty() || line.rfind("***", 0) == 0) continue;
    out += (out.empty() ? "" : "; ") + line;
  }
  return out;
}

Result<SchemaObjects> ReadSchema(Database* db) {
  auto stmt = db->Prepare(kSchemaQuery);
  if (!stmt.ok()) return stmt.status();
  SchemaObjects objects;
  while (stmt->Step()) objects[stmt->Text(0)] = {stmt->Text(1), Normalized(stmt->Text(2))};
  if (!stmt->status().ok()) return stmt->status();
  return objects;
}

// What migrations 1..version create, read back from a scratch database in memory; built on each
// open (about a millisecond) rather than cached, so opening stays safe from several threads.
Result<SchemaObjects> ExpectedSchema(int version) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(raw);
    return Status::IoError("cannot open a scratch database in memory");
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> scratch(raw, sqlite3_close);
  if (RegisterSqlFunctions(raw) != SQLITE_OK) return Status::IoError("cannot define SQL functions in memory");
  const auto& migrations = SchemaMigrations();
  for (int i = 0; i < version && i < static_cast<int>(migrations.size()); ++i) {
    std::string sql(migrations[static_cast<size_t>(i)].sql);
    if (sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Status::IoError("migration " + std::string(migrations[static_cast<size_t>(i)].name) +
                             " fails on an empty database: " + sqlite3_errmsg(raw));
    }
  }
  SchemaObjects objects;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(raw, kSchemaQuery, -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::IoError(std::string("cannot read the expected schema: ") + sqlite3_errmsg(raw));
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    auto text = [&](int i) {
      return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)));
    };
    objects[text(0)] = {text(1), Normalized(text(2))};
  }
  sqlite3_finalize(stmt);
  return objects;
}

// One line per expected object that is missing or whose definition differs.
std::vector<std::string> SchemaDifferences(const SchemaObjects& expected,
                                           const SchemaObjects& actual) {
  std::vector<std::string> problems;
  for (const auto& [name, definition] : expected) {
    auto found = actual.find(name);
    if (found == actual.end()) {
      problems.push_back(definition.first + " " + name + " is missing");
    } else if (found->second != definition) {
      problems.push_back(definition.first + " " + name + " has a changed definition");
    }
  }
  return problems;
}

Status QuickCheckSnapshot(Database* db, const std::string& path, const std::vector<std::string>& tables) {
  auto expected = ExpectedSchema(db->SchemaVersion());
  if (!expected.ok()) return expected.status();
  auto actual = ReadSchema(db);
  if (!actual.ok()) return actual.status();
  if (auto problems = SchemaDifferences(*expected, *actual); !problems.empty())
    return DamagedDatabase(path, problems.front());
  // SQLite's quick check reads every page once and finds broken pages and records; only the
  // full check also compares each index with its table. A pragma takes no bound parameters; the
  // table names are our own constants.
  std::vector<std::string> pragmas;
  if (tables.empty()) pragmas.push_back("PRAGMA quick_check(1)");
  for (const auto& table : tables) {
    auto known = expected->find(table);
    if (known != expected->end() && known->second.first == "table") pragmas.push_back("PRAGMA quick_check(\"" + table + "\")");
  }
  for (const auto& pragma : pragmas) {
    auto quick = db->Prepare(pragma);
    if (!quick.ok()) return quick.status();
    if (quick->Step() && quick->Text(0) != "ok") return DamagedDatabase(path, OneLine(quick->Text(0)));
    if (!quick->status().ok()) return quick->status();
  }
  if (tables.empty()) return Status::Ok();
  // Every other table and index is opened at its root page: damage there is found at once,
  // without reading the evidence page by page.
  auto btrees = db->Prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') AND rootpage > 0");
  if (!btrees.ok()) return btrees.status();
  std::vector<std::string> probes;
  auto quoted = [](const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  while (btrees->Step()) {
    const std::string table = btrees->Text(2);
    if (std::find(tables.begin(), tables.end(), table) != tables.end() || table.rfind("sqlite_", 0) == 0) continue;
    probes.push_back("SELECT 1 FROM " + quoted(table) +
                     (btrees->Text(0) == "table" ? " NOT INDEXED" : " INDEXED BY " + quoted(btrees->Text(1))) + " LIMIT 1");
  }
  if (!btrees->status().ok()) return btrees->status();
  for (const auto& sql : probes) {
    auto probe = db->Prepare(sql);
    if (!probe.ok()) return probe.status();
    probe->Step();
    if (!probe->status().ok()) return probe->status();
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& ReportTables() {
  // check_results is a table up to schema 8 and a view over check_records and texts from 9 on.
  static const std::vector<std::string> tables = {"bundles",       "benchmarks",    "sections", "checks",
                                                  "check_results", "check_records", "texts",    "evaluations"};
  return tables;
}

Status QuickCheckDatabase(Database* db, const std::string& path, const std::vector<std::string>& tables) {
  // One read transaction, one snapshot: a migration committed by another process cannot fall
  // between reading the version and reading the schema.
  if (Status s = db->Exec("BEGIN"); !s.ok()) return s;
  Status checked = QuickCheckSnapshot(db, path, tables);
  Status ended = db->Exec("COMMIT");
  return checked.ok() ? ended : checked;
}

Result<std::vector<std::string>> FullCheckDatabase(Database* db, int version) {
  std::vector<std::string> problems;
  auto expected = ExpectedSchema(version);
  if (!expected.ok()) return expected.status();
  auto actual = ReadSchema(db);
  if (!actual.ok()) {
    if (actual.status().code() != Status::Code::kCorrupt) return actual.status();
    problems.push_back("the schema cannot be read: " + actual.status().message());
    return problems;
  }
  for (auto& p : SchemaDifferences(*expected, *actual)) problems.push_back(std::move(p));
  auto collect = [&](const char* sql, auto describe) -> Status {
    auto stmt = db->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    while (stmt->Step()) {
      if (auto line = describe(*stmt); !line.empty()) problems.push_back(line);
    }
    // Damage bad enough to stop the check is itself a finding.
    if (!stmt->status().ok()) {
      if (stmt->status().code() != Status::Code::kCorrupt) return stmt->status();
      problems.push_back("the check could not read past the damage");
    }
    return Status::Ok();
  };
  if (Status s = collect("PRAGMA integrity_check(100)",
                         [](Statement& row) {
                           return row.Text(0) == "ok" ? std::string() : OneLine(row.Text(0));
                         });
      !s.ok()) {
    return s;
  }
  if (Status s = collect("PRAGMA foreign_key_check",
                         [](Statement& row) {
                           return "row " + row.Text(1) + " of " + row.Text(0) +
                                  " refers to a missing row of " + row.Text(2);
                         });
      !s.ok()) {
    return s;
  }
  return problems;
}

}  // namespace kubeproof
