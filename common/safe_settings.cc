#include "common/safe_settings.h"

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace kubeproof {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// `*` matches any run of characters; the rest literally.
bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  std::string_view head = pattern.substr(0, star);
  std::string_view tail = pattern.substr(star + 1);
  if (text.size() < head.size() || text.substr(0, head.size()) != head) return false;
  for (size_t at = head.size(); at <= text.size(); ++at) {
    if (GlobMatch(tail, text.substr(at))) return true;
  }
  return false;
}

bool Matches(const KeyPattern& pattern, const std::vector<std::string>& path) {
  if (pattern.segments.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& want = pattern.segments[i];
    if (want == "*" && path[i] != "[]") continue;
    if (want != path[i]) return false;
  }
  return true;
}

std::optional<KeyTreatment> ParseTreatment(std::string_view word) {
  if (word == "value") return KeyTreatment::kValue;
  if (word == "command") return KeyTreatment::kCommand;
  if (word == "args") return KeyTreatment::kArgs;
  if (word == "flag") return KeyTreatment::kFlag;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> SplitKeyPattern(std::string_view pattern) {
  std::vector<std::string> segments;
  std::string current;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '.') {
      if (!current.empty()) segments.push_back(current);
      current.clear();
    } else if (pattern.compare(i, 2, "[]") == 0) {
      if (!current.empty()) segments.push_back(current);
      current.clear();
      segments.emplace_back("[]");
      ++i;
    } else {
      current += pattern[i];
    }
  }
  if (!current.empty()) segments.push_back(current);
  return segments;
}

Result<SafeSettings> SafeSettings::Parse(std::string_view text) {
  SafeSettings list;
  std::string section;
  std::string profile;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument("safe list line " + std::to_string(line_no) + ": " + what);
    };
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return error("unclosed section header");
      std::vector<std::string> head = Words(line.substr(1, line.size() - 2));
      if (head.empty()) return error("empty section header");
      section = head[0];
      profile = head.size() > 1 ? head[1] : "";
      bool known = section == "flags" || section == "pass-through" || section == "variables" ||
                   (section == "keys" && head.size() == 2);
      if (!known || (section != "keys" && head.size() != 1)) return error("unknown section " + std::string(line));
      continue;
    }
    std::vector<std::string> words = Words(line);
    if (section.empty()) return error("entry before any section");
    if (section == "flags") {
      if (words.size() > 2 || (words.size() == 2 && words[1] != "bool")) return error("expected `name` or `name bool`");
      list.flags_.insert(words[0]);
      if (words.size() == 2) list.bool_flags_.insert(words[0]);
    } else if (section == "pass-through") {
      if (words.size() != 1) return error("expected one flag name");
      list.pass_through_.insert(words[0]);
    } else if (section == "variables") {
      if (words.size() != 1) return error("expected one variable pattern");
      list.variable_patterns_.push_back(words[0]);
    } else {
      if (words.size() != 2) return error("expected `key.path treatment`");
      std::optional<KeyTreatment> treatment = ParseTreatment(words[1]);
      if (!treatment) return error("unknown treatment " + words[1]);
      list.keys_[profile].push_back({SplitKeyPattern(words[0]), *treatment});
    }
  }
  return list;
}

const SafeSettings& SafeSettings::Builtin() {
  static const SafeSettings kBuiltin = [] {
    Result<SafeSettings> parsed = Parse(BuiltinSafeSettingsText());
    if (!parsed.ok()) {
      // The list is compiled in and tested; a broken one must stop the program, never keep all.
      std::cerr << "kubeproof: built-in " << parsed.status().message() << "\n";
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return kBuiltin;
}

bool SafeSettings::IsArgsVariable(std::string_view name) const {
  for (const std::string& pattern : variable_patterns_) {
    if (GlobMatch(pattern, name)) return true;
  }
  return false;
}

std::optional<KeyTreatment> SafeSettings::TreatmentAt(std::string_view profile,
                                                      const std::vector<std::string>& path) const {
  auto it = keys_.find(std::string(profile));
  if (it == keys_.end()) return std::nullopt;
  for (const KeyPattern& pattern : it->second) {
    if (Matches(pattern, path)) return pattern.treatment;
  }
  return std::nullopt;
}

}  // namespace kubeproof
