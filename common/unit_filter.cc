#include "common/unit_filter.h"

#include <array>
#include <cctype>

#include "common/command_line_filter.h"

namespace kubeproof {
namespace {

const std::string kRedacted(kRedactedValue);

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool IsVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) != 0) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

// Directives whose values are structure, not settings of the component: kept as written.
constexpr std::array<std::string_view, 26> kStructuralDirectives = {
    "Description", "Documentation", "After",      "Before",       "Wants",         "Requires",
    "BindsTo",     "PartOf",        "WantedBy",   "RequiredBy",   "Type",          "Restart",
    "RestartSec",  "User",          "Group",      "KillMode",     "Delegate",      "Slice",
    "TimeoutStartSec", "TimeoutStopSec", "StartLimitInterval", "StartLimitBurst", "LimitNOFILE",
    "LimitNPROC", "WorkingDirectory", "EnvironmentFile"};

bool IsStructural(std::string_view key) {
  for (std::string_view d : kStructuralDirectives) {
    if (d == key) return true;
  }
  return false;
}

bool IsExecDirective(std::string_view key) { return key.substr(0, 4) == "Exec"; }

// A command line held in text, filtered; all of it redacted when it does not split.
std::string FilterCommandText(std::string_view text, std::size_t first, const std::string& field, RedactionLog& log,
                              const SafeSettings& safe) {
  Result<std::vector<std::string>> words = SplitCommandLine(text);
  if (!words.ok()) {
    log.Note(field, RedactionReason::kUnplaceable);
    return kRedacted;
  }
  RedactionLog inner;
  std::vector<std::string> filtered = FilterArguments(*words, first, inner, safe);
  for (const RedactedField& r : inner.entries()) log.Note(field + " " + r.field, r.reason);
  return JoinCommandLine(filtered);
}

// NAME=value as it may be stored: a command-line variable's words filtered, any other redacted.
std::string FilterAssignment(std::string_view name, std::string_view value, RedactionLog& log,
                             const SafeSettings& safe) {
  if (value.empty() || value == kRedacted) return std::string(value);
  if (safe.IsArgsVariable(name)) return FilterCommandText(value, 0, std::string(name), log, safe);
  log.Note(std::string(name), RedactionReason::kNotSafeListed);
  return kRedacted;
}

std::string FilterEnvironmentDirective(std::string_view value, RedactionLog& log, const SafeSettings& safe) {
  Result<std::vector<std::string>> words = SplitCommandLine(value);
  if (!words.ok()) {
    log.Note("Environment", RedactionReason::kUnplaceable);
    return kRedacted;
  }
  std::vector<std::string> out;
  for (const std::string& word : *words) {
    size_t eq = word.find('=');
    std::string_view name = std::string_view(word).substr(0, eq == std::string::npos ? 0 : eq);
    if (!IsVariableName(name)) {
      if (word != kRedacted) log.Note("Environment", RedactionReason::kUnplaceable);
      out.push_back(kRedacted);
      continue;
    }
    out.push_back(std::string(name) + "=" + FilterAssignment(name, std::string_view(word).substr(eq + 1), log, safe));
  }
  return JoinCommandLine(out);
}

// The value of an environment-file assignment as systemd reads it: quotes removed.
std::string Unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    Result<std::vector<std::string>> words = SplitCommandLine(value);
    if (words.ok() && words->size() == 1) return (*words)[0];
  }
  return std::string(value);
}

std::string DoubleQuoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<std::string> LogicalLines(std::string_view text, bool* had_comments) {
  std::vector<std::string> out;
  std::string current;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && (line[0] == '#' || line[0] == ';')) {
      if (had_comments != nullptr) *had_comments = true;
      continue;
    }
    if (!line.empty() && line.back() == '\\') {
      current += std::string(line.substr(0, line.size() - 1)) + " ";
      continue;
    }
    current += line;
    if (!Trim(current).empty()) out.emplace_back(Trim(current));
    current.clear();
  }
  if (!Trim(current).empty()) out.emplace_back(Trim(current));
  return out;
}

std::string FilterUnitFile(std::string_view text, RedactionLog& log, const SafeSettings& safe) {
  bool comments = false;
  std::string out;
  for (const std::string& raw : LogicalLines(text, &comments)) {
    std::string_view line = raw;
    if (line.front() == '[' && line.back() == ']') {
      out += std::string(line) + "\n";
      continue;
    }
    size_t eq = line.find('=');
    std::string_view key = Trim(line.substr(0, eq == std::string_view::npos ? 0 : eq));
    if (eq == std::string_view::npos || !IsVariableName(key)) {
      log.Note("unit line", RedactionReason::kUnplaceable);
      continue;
    }
    std::string_view value = Trim(line.substr(eq + 1));
    std::string kept;
    if (value.empty() || IsStructural(key)) {
      // Structure, but a URL in it (Documentation=) may still carry credentials.
      std::optional<std::string> safe_value = SafeValue(value);
      if (!safe_value) log.Note(std::string(key), RedactionReason::kUrlCredentials);
      kept = safe_value.value_or(kRedacted);
    } else if (IsExecDirective(key)) {
      // Prefixes such as '-' (failure ignored) and '@' (argv[0] given) stay in front.
      size_t prefix = value.find_first_not_of("-@:+!|");
      if (prefix == std::string_view::npos) prefix = value.size();
      kept = std::string(value.substr(0, prefix)) + FilterCommandText(value.substr(prefix), 1, std::string(key), log, safe);
    } else if (key == "Environment") {
      kept = FilterEnvironmentDirective(value, log, safe);
    } else {
      if (value != kRedacted) log.Note(std::string(key), RedactionReason::kNotSafeListed);
      kept = kRedacted;
    }
    out += std::string(key) + "=" + kept + "\n";
  }
  if (comments) log.Note("comments", RedactionReason::kComment);
  return out;
}

std::string FilterEnvironmentFile(std::string_view text, RedactionLog& log, const SafeSettings& safe) {
  bool comments = false;
  std::string out;
  for (const std::string& raw : LogicalLines(text, &comments)) {
    std::string_view line = raw;
    size_t eq = line.find('=');
    std::string_view name = Trim(line.substr(0, eq == std::string_view::npos ? 0 : eq));
    bool exported = name.substr(0, 7) == "export ";
    if (exported) name = Trim(name.substr(7));
    if (eq == std::string_view::npos || !IsVariableName(name)) {
      log.Note("environment line", RedactionReason::kUnplaceable);
      continue;
    }
    std::string value = Unquote(Trim(line.substr(eq + 1)));
    std::string kept = FilterAssignment(name, value, log, safe);
    out += std::string(exported ? "export " : "") + std::string(name) + "=" +
           (kept == kRedacted || kept.empty() ? kept : DoubleQuoted(kept)) + "\n";
  }
  if (comments) log.Note("comments", RedactionReason::kComment);
  return out;
}

std::string FilterArgumentsFile(std::string_view text, RedactionLog& log, const SafeSettings& safe) {
  bool comments = false;
  std::string out;
  for (const std::string& line : LogicalLines(text, &comments)) {
    out += FilterCommandText(line, 0, "arguments", log, safe) + "\n";
  }
  if (comments) log.Note("comments", RedactionReason::kComment);
  return out;
}

}  // namespace kubeproof
