#include "analyzer/report/sql_query.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/report/cell_format.h"
#include "analyzer/report/csv_renderer.h"

namespace kubeproof {

bool HasSecondStatement(std::string_view sql) {
  bool ended = false;  // a ';' closed the first statement
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t eol = sql.find('\n', i);
      if (eol == std::string_view::npos) return false;
      i = eol;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t close = sql.find("*/", i + 2);
      if (close == std::string_view::npos) return false;
      i = close + 1;
    } else if (c == ';') {
      ended = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      continue;
    } else if (ended) {
      return true;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t end = sql.find(close, i + 1);
      // A doubled quote inside a literal is an escaped quote; the scan just continues after it.
      if (end == std::string_view::npos) return false;
      i = end;
    }
  }
  return false;
}

Result<QueryResult> RunReadOnlyQuery(Database* db, std::string_view sql) {
  if (HasSecondStatement(sql)) return Status::InvalidArgument("give one SQL statement at a time");
  auto stmt = db->Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (!stmt->ReadOnly()) {
    return Status::InvalidArgument("refused: this statement would change the database; query opens it read-only");
  }
  QueryResult result;
  for (int i = 0; i < stmt->ColumnCount(); ++i) result.columns.push_back(stmt->ColumnName(i));
  while (stmt->Step()) {
    std::vector<QueryValue> row;
    for (int i = 0; i < stmt->ColumnCount(); ++i) {
      auto type = stmt->Type(i);
      row.push_back({type, type == Statement::ValueType::kNull ? std::string() : stmt->Text(i)});
    }
    result.rows.push_back(std::move(row));
  }
  if (!stmt->status().ok()) return stmt->status();
  return result;
}

std::string QueryTable(const QueryResult& r) {
  std::vector<size_t> widths;
  for (const auto& c : r.columns) widths.push_back(DisplayWidth(c));
  auto shown = [](const QueryValue& v) {
    std::string text = v.type == Statement::ValueType::kNull ? "NULL" : v.text;
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
  };
  for (const auto& row : r.rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(shown(row[i])));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string cell = cells[i];
      if (i + 1 < cells.size()) cell += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
      out += cell;
    }
    return out + "\n";
  };
  std::string out = line(r.columns);
  std::vector<std::string> rules;
  for (size_t w : widths) rules.push_back(std::string(w, '-'));
  out += line(rules);
  for (const auto& row : r.rows) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(shown(v));
    out += line(cells);
  }
  return out + "(" + std::to_string(r.rows.size()) + " row" + (r.rows.size() == 1 ? "" : "s") + ")\n";
}

std::string QueryCsv(const QueryResult& r) {
  std::string out;
  for (size_t i = 0; i < r.columns.size(); ++i) out += (i == 0 ? "" : ",") + CsvField(r.columns[i]);
  out += "\n";
  for (const auto& row : r.rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : ",") + CsvField(row[i].text);
    out += "\n";
  }
  return out;
}

std::string QueryJson(const QueryResult& r) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t i = 0; i < row.size(); ++i) {
      const QueryValue& v = row[i];
      nlohmann::ordered_json value = v.text;
      if (v.type == Statement::ValueType::kNull) value = nullptr;
      // SQLite's text form of a number is valid JSON; parse it to keep it a number.
      if (v.type == Statement::ValueType::kInteger || v.type == Statement::ValueType::kReal) {
        auto number = nlohmann::ordered_json::parse(v.text, nullptr, false);
        if (!number.is_discarded()) value = number;
      }
      object[r.columns[i]] = value;
    }
    rows.push_back(std::move(object));
  }
  return rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kubeproof
