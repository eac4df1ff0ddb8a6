#include "common/toml_lines.h"

#include <cctype>

namespace kubeproof {
namespace {

constexpr std::size_t kMaxLines = 65536;

std::string_view Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool IsBareChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

// Reads one key part (bare, "basic" or 'literal') from the front of `s`; false when malformed.
bool ReadKeyPart(std::string_view& s, std::string* part) {
  s = Trim(s);
  if (s.empty()) return false;
  if (s[0] == '"' || s[0] == '\'') {
    char quote = s[0];
    std::size_t i = 1;
    part->clear();
    for (; i < s.size() && s[i] != quote; ++i) {
      if (quote == '"' && s[i] == '\\' && i + 1 < s.size()) ++i;
      *part += s[i];
    }
    if (i >= s.size()) return false;
    s.remove_prefix(i + 1);
    return true;
  }
  std::size_t i = 0;
  while (i < s.size() && IsBareChar(s[i])) ++i;
  if (i == 0) return false;
  *part = std::string(s.substr(0, i));
  s.remove_prefix(i);
  return true;
}

// A dotted key ending where `s` ends.
bool ReadKey(std::string_view s, std::vector<std::string>* parts) {
  parts->clear();
  while (true) {
    std::string part;
    if (!ReadKeyPart(s, &part)) return false;
    parts->push_back(std::move(part));
    s = Trim(s);
    if (s.empty()) return true;
    if (s[0] != '.') return false;
    s.remove_prefix(1);
  }
}

// Where the key ends: the first '=' outside quotes.
std::size_t KeyEnd(std::string_view line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '=') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Adds the brackets `text` opens and subtracts those it closes, quoted text and comments aside.
int BracketBalance(std::string_view text) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      break;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth;
}

// Reads a one-line value. A value continuing on later lines sets *closes to the triple quote
// that ends it, or *depth to the brackets still open.
bool ReadValue(std::string_view v, TomlEntry* entry, std::string* closes, int* depth) {
  v = Trim(v);
  closes->clear();
  if (v.substr(0, 3) == "\"\"\"" || v.substr(0, 3) == "'''") {
    std::string_view delim = v.substr(0, 3);
    if (v.size() >= 6 && v.find(delim, 3) == v.size() - 3) {
      entry->one_line = false;  // a one-line multi-line string: not read either
      return true;
    }
    *closes = std::string(delim);
    entry->one_line = false;
    return true;
  }
  if (!v.empty() && (v[0] == '"' || v[0] == '\'')) {
    char quote = v[0];
    std::string text;
    std::size_t i = 1;
    for (; i < v.size() && v[i] != quote; ++i) {
      if (quote == '"' && v[i] == '\\' && i + 1 < v.size()) ++i;
      text += v[i];
    }
    if (i >= v.size()) return false;
    std::string_view rest = Trim(v.substr(i + 1));
    if (!rest.empty() && rest[0] != '#') return false;
    entry->value = std::move(text);
    entry->is_string = true;
    return true;
  }
  if (!v.empty() && (v[0] == '[' || v[0] == '{')) {
    // Arrays and inline tables are not read; one left open continues until its brackets close.
    entry->one_line = false;
    *depth = BracketBalance(v);
    return *depth >= 0;
  }
  std::string_view bare = Trim(v.substr(0, v.find('#')));
  if (bare.empty()) return false;
  for (char c : bare) {
    if (!IsBareChar(c) && c != '.' && c != '+' && c != ':') return false;
  }
  entry->value = std::string(bare);
  return true;
}

}  // namespace

Result<std::vector<TomlEntry>> ParseTomlLines(std::string_view text) {
  std::vector<TomlEntry> entries;
  std::vector<std::string> table;
  std::string closes;  // the triple quote ending the multi-line string being skipped
  int depth = 0;       // brackets still open in the array or inline table being skipped
  std::size_t start = 0, number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (++number > kMaxLines) return Status::Limit("more than " + std::to_string(kMaxLines) + " lines");
    std::string where = "line " + std::to_string(number);
    if (!closes.empty()) {
      if (line.find(closes) != std::string_view::npos) closes.clear();
      continue;
    }
    if (depth > 0) {
      depth += BracketBalance(line);
      if (depth < 0) return Status::Corrupt(where + ": unbalanced brackets");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      bool array = line.size() > 1 && line[1] == '[';
      std::size_t close = line.rfind(array ? "]]" : "]");
      if (close == std::string_view::npos) return Status::Corrupt(where + ": unclosed table header");
      std::string_view after = Trim(line.substr(close + (array ? 2 : 1)));
      if (!after.empty() && after[0] != '#') return Status::Corrupt(where + ": text after a table header");
      if (!ReadKey(line.substr(array ? 2 : 1, close - (array ? 2 : 1)), &table)) {
        return Status::Corrupt(where + ": malformed table header");
      }
      if (array) table.push_back("[]");
      continue;
    }
    std::size_t eq = KeyEnd(line);
    TomlEntry entry;
    entry.table = table;
    if (eq == std::string_view::npos || !ReadKey(line.substr(0, eq), &entry.key)) {
      return Status::Corrupt(where + ": neither a table nor a key = value line");
    }
    if (!ReadValue(line.substr(eq + 1), &entry, &closes, &depth)) return Status::Corrupt(where + ": malformed value");
    entries.push_back(std::move(entry));
  }
  if (!closes.empty() || depth > 0) return Status::Corrupt("a multi-line value is not closed");
  return entries;
}

std::vector<std::string> TomlSafeListPath(const TomlEntry& entry) {
  std::vector<std::string> path;
  auto add = [&](const std::string& part) {
    std::size_t begin = 0;
    while (true) {
      std::size_t dot = part.find('.', begin);
      path.push_back(part.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin));
      if (dot == std::string::npos) break;
      begin = dot + 1;
    }
  };
  for (const std::string& part : entry.table) add(part);
  for (const std::string& part : entry.key) add(part);
  return path;
}

namespace {

std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string KeyText(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    bool bare = !part.empty();
    for (char c : part) bare = bare && IsBareChar(c);
    out += (out.empty() ? "" : ".") + (bare ? part : Quoted(part));
  }
  return out;
}

}  // namespace

std::string WriteTomlLines(const std::vector<TomlEntry>& entries) {
  std::string out;
  const std::vector<std::string>* table = nullptr;
  for (const TomlEntry& e : entries) {
    if (table == nullptr || *table != e.table) {
      table = &e.table;
      bool array = !e.table.empty() && e.table.back() == "[]";
      std::vector<std::string> parts(e.table.begin(), e.table.end() - (array ? 1 : 0));
      if (!parts.empty()) out += (array ? "[[" : "[") + KeyText(parts) + (array ? "]]\n" : "]\n");
    }
    out += KeyText(e.key) + " = " + (e.is_string ? Quoted(e.value) : e.value) + "\n";
  }
  return out;
}

}  // namespace kubeproof
