#include "collector/redactor.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "collector/flag_table.h"

namespace kubeproof {
namespace {

enum class KeyRule { kNone, kValue, kBlock };

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsGenericSecretKey(const std::string& key) {
  // A key naming a file or directory holds a path: evidence, not a secret.
  if (EndsWith(key, "file") || EndsWith(key, "path") || EndsWith(key, "dir")) return false;
  constexpr std::array<std::string_view, 9> kExact = {
      "token",          "password",          "passwd",
      "secret",         "client-key-data",   "client-certificate-data",
      "certificatekey", "certificate-key",   "datastore-endpoint"};
  if (std::find(kExact.begin(), kExact.end(), key) != kExact.end()) return true;
  constexpr std::array<std::string_view, 10> kSuffixes = {
      "token",     "password",   "secret",     "secret-key", "secretkey",
      "access-key", "accesskey", "-key-data", "private-key", "privatekey"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view s) { return EndsWith(key, s); });
}

KeyRule ClassifyKey(std::string_view key, RedactionProfile profile) {
  std::string lower = Lower(key);
  if (profile == RedactionProfile::kKubeconfig && (lower == "exec" || lower == "auth-provider")) {
    return KeyRule::kBlock;
  }
  if (profile == RedactionProfile::kPodManifest && lower == "value") return KeyRule::kValue;
  return IsGenericSecretKey(lower) ? KeyRule::kValue : KeyRule::kNone;
}

std::string ReasonFor(RedactionProfile profile) {
  switch (profile) {
    case RedactionProfile::kKubeconfig: return "kubeconfig credential";
    case RedactionProfile::kEncryptionConfig: return "encryption key";
    case RedactionProfile::kKubeadmConfig: return "kubeadm credential";
    case RedactionProfile::kPodManifest: return "secret value in a pod manifest";
    case RedactionProfile::kEnvFile: return "secret environment value";
    case RedactionProfile::kGeneric: return "secret configuration value";
  }
  return "secret";
}

constexpr std::string_view kFlagReason = "secret-valued flag";

bool IsFlagBoundary(char c) {
  return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '[' || c == ',' || c == '=' ||
         c == '(';
}
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}
bool IsValueEnd(char c) {
  return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ']' || c == '}' || c == '\\' ||
         c == '\r' || c == '\n';
}

// Replaces values of secret-valued flags anywhere in `text` ("--token=x", "--token x").
// Sets `*dangling` when the text ends with a secret flag whose value must be on the next item.
bool RedactFlagsInText(std::string& text, std::vector<RedactedField>& fields, bool* dangling) {
  bool changed = false;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '-' || (i > 0 && !IsFlagBoundary(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t name_start = i + (i + 1 < text.size() && text[i + 1] == '-' ? 2 : 1);
    size_t name_end = name_start;
    while (name_end < text.size() && IsNameChar(text[name_end])) ++name_end;
    std::string name = text.substr(name_start, name_end - name_start);
    if (name.empty() || !IsSecretValuedFlag(name)) {
      i = std::max(name_end, i + 1);
      continue;
    }
    size_t value_start = name_end;
    if (value_start < text.size() && text[value_start] == '=') {
      ++value_start;
    } else if (value_start == text.size() || text[value_start] == ' ' || text[value_start] == '\t') {
      while (value_start < text.size() && (text[value_start] == ' ' || text[value_start] == '\t')) {
        ++value_start;
      }
      if (value_start == text.size() || text[value_start] == '"' || text[value_start] == '\'') {
        // "--token" closing a quoted list element or a line: the value follows in the next one.
        if (dangling != nullptr) *dangling = true;
        i = name_end;
        continue;
      }
      if (text[value_start] == '-') {
        i = name_end;
        continue;
      }
    } else {
      i = name_end;
      continue;
    }
    size_t value_end = value_start;
    while (value_end < text.size() && !IsValueEnd(text[value_end])) ++value_end;
    if (value_end > value_start && text.compare(value_start, value_end - value_start,
                                                kRedactedValue) != 0) {
      text.replace(value_start, value_end - value_start, kRedactedValue);
      fields.push_back({text.substr(i, name_end - i), std::string(kFlagReason)});
      changed = true;
      value_end = value_start + kRedactedValue.size();
    }
    i = value_end;
  }
  return changed;
}

bool IsSecretVariable(std::string_view name) {
  std::string upper = Upper(name);
  if (EndsWith(upper, "_FILE") || EndsWith(upper, "_PATH") || EndsWith(upper, "_DIR")) return false;
  for (std::string_view word : {"TOKEN", "PASSWORD", "PASSWD", "SECRET", "DATASTORE_ENDPOINT"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

// Replaces values of NAME=value assignments whose NAME looks like a credential.
bool RedactAssignments(std::string& text, std::vector<RedactedField>& fields) {
  bool changed = false;
  size_t i = 0;
  while (i < text.size()) {
    bool boundary = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '"' ||
                    text[i - 1] == '\'';
    char c = text[i];
    if (!boundary || !(std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_')) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
      ++end;
    }
    if (end >= text.size() || text[end] != '=' || !IsSecretVariable(text.substr(i, end - i))) {
      i = end > i ? end : i + 1;
      continue;
    }
    size_t value_start = end + 1;
    size_t value_end = value_start;
    if (value_start < text.size() && (text[value_start] == '"' || text[value_start] == '\'')) {
      char quote = text[value_start++];
      value_end = text.find(quote, value_start);
      if (value_end == std::string::npos) value_end = text.size();
    } else {
      while (value_end < text.size() && !IsValueEnd(text[value_end])) ++value_end;
    }
    if (value_end > value_start) {
      fields.push_back({text.substr(i, end - i), ReasonFor(RedactionProfile::kEnvFile)});
      text.replace(value_start, value_end - value_start, kRedactedValue);
      changed = true;
      value_end = value_start + kRedactedValue.size();
    }
    i = value_end;
  }
  return changed;
}

// True when `text` holds something shaped like "key:" for a secret key, e.g. in a flow mapping.
bool MentionsSecretKey(std::string_view text, RedactionProfile profile) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsNameChar(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsNameChar(text[end])) ++end;
    std::string_view word = text.substr(i, end - i);
    size_t k = end;
    if (k < text.size() && (text[k] == '"' || text[k] == '\'')) ++k;
    while (k < text.size() && text[k] == ' ') ++k;
    if (k < text.size() && text[k] == ':' && (k + 1 == text.size() || text[k + 1] != '/') &&
        ClassifyKey(word, profile) != KeyRule::kNone) {
      return true;
    }
    i = end;
  }
  return false;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

struct YamlKey {
  bool found = false;
  std::string name;
  size_t end = 0;  // index of the ':' after the key
};

YamlKey ParseKey(const std::string& line, size_t pos) {
  YamlKey key;
  if (pos >= line.size()) return key;
  if (line[pos] == '"' || line[pos] == '\'') {
    size_t close = line.find(line[pos], pos + 1);
    if (close == std::string::npos || close + 1 >= line.size() || line[close + 1] != ':') return key;
    key.name = line.substr(pos + 1, close - pos - 1);
    key.end = close + 1;
  } else {
    if (line[pos] == '{' || line[pos] == '[' || line[pos] == '#') return key;
    size_t colon = pos;
    while (true) {
      colon = line.find(':', colon);
      if (colon == std::string::npos) return key;
      if (colon + 1 == line.size() || line[colon + 1] == ' ' || line[colon + 1] == '\r') break;
      ++colon;
    }
    key.name = line.substr(pos, colon - pos);
    while (!key.name.empty() && key.name.back() == ' ') key.name.pop_back();
    if (key.name.find(" #") != std::string::npos) return key;
    key.end = colon;
  }
  key.found = true;
  return key;
}

Redaction Refuse(std::string reason) {
  Redaction r;
  r.ok = false;
  r.refusal = std::move(reason);
  return r;
}

std::vector<std::string> SplitLines(std::string_view content, bool* trailing_newline) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    lines.emplace_back(content.substr(start, end - start));
    start = end + 1;
  }
  *trailing_newline = !content.empty() && content.back() == '\n';
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines, bool trailing_newline) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || trailing_newline) out += '\n';
  }
  return out;
}

Redaction RedactYaml(std::string_view content, RedactionProfile profile) {
  Redaction r;
  bool trailing_newline = false;
  std::vector<std::string> in = SplitLines(content, &trailing_newline);
  std::vector<std::string> out;
  bool dropping = false;
  size_t drop_indent = 0;
  bool dangling_flag = false;
  bool changed = false;
  std::string reason = ReasonFor(profile);
  for (std::string& line : in) {
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) indent = line.size();
    if (dropping) {
      // Everything nested under a redacted key (block scalars, maps, sequences) goes with it.
      std::string_view body = std::string_view(line).substr(indent);
      if (IsBlank(line) || indent > drop_indent ||
          (indent == drop_indent && (body.substr(0, 2) == "- " || body == "-"))) {
        continue;
      }
      dropping = false;
    }
    if (IsBlank(line)) {
      out.push_back(line);
      continue;
    }
    if (line[indent] == '\t') return Refuse("tab-indented YAML cannot be redacted with confidence");
    if (line[indent] == '#') {
      if (MentionsSecretKey(line, profile) || RedactFlagsInText(line, r.fields, nullptr)) {
        line = line.substr(0, indent) + "# " + std::string(kRedactedValue);
        r.fields.push_back({"comment", reason});
        changed = true;
      }
      out.push_back(line);
      continue;
    }
    size_t pos = indent;
    while (line.compare(pos, 2, "- ") == 0) {
      pos += 2;
      while (pos < line.size() && line[pos] == ' ') ++pos;
    }
    bool is_item = pos > indent;
    YamlKey key = ParseKey(line, pos);
    if (key.found) {
      KeyRule rule = ClassifyKey(key.name, profile);
      if (rule != KeyRule::kNone) {
        std::string value = line.substr(key.end + 1);
        size_t v = value.find_first_not_of(' ');
        if (v != std::string::npos && value[v] == '*') {
          return Refuse("secret key " + key.name + " takes its value from a YAML alias");
        }
        line = line.substr(0, key.end + 1) + " " + std::string(kRedactedValue);
        r.fields.push_back({key.name, rule == KeyRule::kBlock ? reason + " block" : reason});
        changed = true;
        dropping = true;
        drop_indent = pos;
        dangling_flag = false;
        out.push_back(line);
        continue;
      }
      std::string rest = line.substr(key.end + 1);
      bool dangling = false;
      if (RedactFlagsInText(rest, r.fields, &dangling)) changed = true;
      if (MentionsSecretKey(rest, profile)) {
        return Refuse("secret key inside a YAML flow collection or JSON fragment");
      }
      line = line.substr(0, key.end + 1) + rest;
      dangling_flag = dangling;
      out.push_back(line);
      continue;
    }
    if (dangling_flag && is_item) {
      line = line.substr(0, pos) + std::string(kRedactedValue);
      r.fields.push_back({"separate flag value", std::string(kFlagReason)});
      changed = true;
      dangling_flag = false;
      out.push_back(line);
      continue;
    }
    bool dangling = false;
    if (RedactFlagsInText(line, r.fields, &dangling)) changed = true;
    if (MentionsSecretKey(std::string_view(line).substr(pos), profile)) {
      return Refuse("secret key inside a YAML flow collection or JSON fragment");
    }
    dangling_flag = dangling;
    out.push_back(line);
  }
  r.ok = true;
  r.content = changed ? JoinLines(out, trailing_newline) : std::string(content);
  return r;
}

Redaction RedactEnvFile(std::string_view content) {
  Redaction r;
  bool trailing_newline = false;
  std::vector<std::string> lines = SplitLines(content, &trailing_newline);
  bool changed = false;
  for (std::string& line : lines) {
    bool dangling = false;
    if (RedactAssignments(line, r.fields)) changed = true;
    if (RedactFlagsInText(line, r.fields, &dangling)) changed = true;
    if (dangling) {
      // The value would be on a continuation line; drop nothing silently, refuse instead.
      return Refuse("secret flag whose value continues on the next line");
    }
  }
  r.ok = true;
  r.content = changed ? JoinLines(lines, trailing_newline) : std::string(content);
  return r;
}

void RedactJsonNode(nlohmann::json& node, RedactionProfile profile, const std::string& reason,
                    std::vector<RedactedField>& fields, bool& changed) {
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      if (ClassifyKey(key, profile) != KeyRule::kNone && !value.is_null()) {
        value = std::string(kRedactedValue);
        fields.push_back({key, reason});
        changed = true;
      } else {
        RedactJsonNode(value, profile, reason, fields, changed);
      }
    }
  } else if (node.is_array()) {
    bool dangling = false;
    for (auto& element : node) {
      if (dangling && element.is_string()) {
        element = std::string(kRedactedValue);
        fields.push_back({"separate flag value", std::string(kFlagReason)});
        changed = true;
        dangling = false;
        continue;
      }
      dangling = false;
      if (element.is_string()) {
        std::string text = element.get<std::string>();
        if (RedactFlagsInText(text, fields, &dangling)) {
          element = text;
          changed = true;
        }
      } else {
        RedactJsonNode(element, profile, reason, fields, changed);
      }
    }
  } else if (node.is_string()) {
    std::string text = node.get<std::string>();
    if (RedactFlagsInText(text, fields, nullptr)) {
      node = text;
      changed = true;
    }
  }
}

Redaction RedactJson(std::string_view content, RedactionProfile profile) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(content);
  } catch (const nlohmann::json::exception& e) {
    return Refuse(std::string("JSON that does not parse cannot be redacted with confidence"));
  }
  Redaction r;
  bool changed = false;
  RedactJsonNode(doc, profile, ReasonFor(profile), r.fields, changed);
  r.ok = true;
  if (changed) {
    r.content = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    r.content = std::string(content);
  }
  return r;
}

}  // namespace

bool IsSecretKey(std::string_view key, RedactionProfile profile) {
  return ClassifyKey(key, profile) != KeyRule::kNone;
}

Redaction Redact(std::string_view content, RedactionProfile profile) {
  Redaction r;
  if (profile == RedactionProfile::kEnvFile) {
    r = RedactEnvFile(content);
  } else {
    size_t first = content.find_first_not_of(" \t\r\n");
    bool json = first != std::string_view::npos && (content[first] == '{' || content[first] == '[');
    r = json ? RedactJson(content, profile) : RedactYaml(content, profile);
  }
  // The last line of defence: whatever a profile missed, a PEM private key never leaves.
  if (r.ok && r.content.find("PRIVATE KEY") != std::string::npos) {
    return Refuse("content holds a PEM private key");
  }
  return r;
}

std::vector<RedactedArg> RedactArguments(std::vector<std::string>& argv, std::size_t first) {
  std::vector<RedactedArg> redacted;
  for (std::size_t i = first; i < argv.size(); ++i) {
    std::string& arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') {
      if (arg.find(' ') != std::string::npos) {
        std::vector<RedactedField> fields;
        if (RedactFlagsInText(arg, fields, nullptr)) redacted.push_back({i, fields.front().field});
      }
      continue;
    }
    size_t dashes = arg[1] == '-' ? 2 : 1;
    size_t eq = arg.find('=');
    std::string name = arg.substr(dashes, eq == std::string::npos ? std::string::npos : eq - dashes);
    if (IsSecretValuedFlag(name)) {
      if (eq != std::string::npos) {
        arg = arg.substr(0, eq + 1) + std::string(kRedactedValue);
        redacted.push_back({i, "--" + name});
      } else if (i + 1 < argv.size() && !argv[i + 1].empty() && argv[i + 1][0] != '-') {
        argv[i + 1] = std::string(kRedactedValue);
        redacted.push_back({i + 1, "--" + name});
        ++i;
      }
      continue;
    }
    if (!PassThroughTarget(name)) continue;
    // --kube-apiserver-arg=oidc-client-secret=x or --kube-apiserver-arg oidc-client-secret=x
    std::string* inner = nullptr;
    size_t inner_start = 0;
    if (eq != std::string::npos) {
      inner = &arg;
      inner_start = eq + 1;
    } else if (i + 1 < argv.size()) {
      inner = &argv[++i];
    }
    if (inner == nullptr) continue;
    size_t s = inner_start;
    while (s < inner->size() && (*inner)[s] == '-') ++s;
    size_t inner_eq = inner->find('=', s);
    if (inner_eq == std::string::npos) continue;
    std::string inner_name = inner->substr(s, inner_eq - s);
    if (IsSecretValuedFlag(inner_name)) {
      *inner = inner->substr(0, inner_eq + 1) + std::string(kRedactedValue);
      redacted.push_back({i, "--" + name + " " + inner_name});
    }
  }
  return redacted;
}

}  // namespace kubeproof
