// SQL query: one auditor-written statement run on a read-only connection, and its result as a
// table, CSV or JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/store/database.h"

namespace kubeproof {

struct QueryValue {
  Statement::ValueType type = Statement::ValueType::kNull;
  std::string text;  // SQLite's text form; empty for NULL
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<QueryValue>> rows;
};

// True when `sql` holds more than one statement (text after the first ';' other than blanks and comments).
bool HasSecondStatement(std::string_view sql);

// Runs one statement that only reads; a statement that would write is refused before it runs.
Result<QueryResult> RunReadOnlyQuery(Database* db, std::string_view sql);

std::string QueryTable(const QueryResult& result);  // aligned columns, NULL shown as NULL
std::string QueryCsv(const QueryResult& result);    // header row, NULL as an empty field
std::string QueryJson(const QueryResult& result);   // array of objects, numbers as numbers

}  // namespace kubeproof
