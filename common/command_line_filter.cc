#include "common/command_line_filter.h"

#include <cctype>

namespace kubeproof {
namespace {

const std::string kRedacted(kRedactedValue);

// "$NAME" or "${NAME}": a reference that systemd expands, not a value.
bool IsVariableReference(std::string_view word) {
  if (word.size() < 2 || word[0] != '$') return false;
  std::string_view name = word.substr(1);
  if (name.front() == '{') {
    if (name.size() < 3 || name.back() != '}') return false;
    name = name.substr(1, name.size() - 2);
  }
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return !name.empty();
}

class ArgumentFilter {
 public:
  ArgumentFilter(const SafeSettings& safe, RedactionLog& log) : safe_(safe), log_(log) {}

  // Filters argv[i] (a flag word); returns how many following words it consumed.
  std::size_t FilterFlag(const std::vector<std::string>& argv, std::size_t i, std::vector<std::string>& out) {
    const std::string& word = argv[i];
    std::size_t dashes = word.compare(0, 2, "--") == 0 ? 2 : 1;
    std::size_t eq = word.find('=');
    std::string name = word.substr(dashes, eq == std::string::npos ? std::string::npos : eq - dashes);
    std::string prefix = word.substr(0, dashes) + name;
    if (!IsFlagName(name)) {
      out[i] = kRedacted;
      log_.Note("argument " + std::to_string(i), RedactionReason::kUnplaceable);
      return 0;
    }
    bool has_next = i + 1 < argv.size();
    bool next_is_flag = has_next && !argv[i + 1].empty() && argv[i + 1][0] == '-';
    if (eq != std::string::npos) {
      out[i] = prefix + "=" + Value(prefix, name, word.substr(eq + 1));
      return 0;
    }
    if (safe_.IsBoolFlag(name)) return 0;
    if (!has_next) return 0;
    // A word starting with '-' is judged as a flag of its own, never kept as a safe flag's value.
    // After a flag not on the list it is that flag's value, as pflag would take it, unless it
    // names a listed flag: a secret starting with '-' must not pass for a flag name.
    bool own_flag =
        safe_.IsSafeFlag(name) || safe_.IsPassThroughFlag(name) || NamesListedFlag(argv[i + 1]);
    if (next_is_flag && own_flag) return 0;
    out[i + 1] = Value(prefix, name, argv[i + 1]);
    return 1;
  }

 private:
  // "--" or a flag word whose name is on the safe list.
  bool NamesListedFlag(const std::string& word) const {
    if (word == "--") return true;
    std::size_t start = word.find_first_not_of('-');
    if (start == std::string::npos || start > 2) return false;
    std::string name = word.substr(start, word.find('=', start) - start);
    return safe_.IsSafeFlag(name) || safe_.IsPassThroughFlag(name);
  }

  // The value of flag `name` as it may be stored.
  std::string Value(const std::string& shown, const std::string& name, const std::string& value) {
    if (value.empty() || value == kRedacted) return value;
    if (safe_.IsPassThroughFlag(name)) return PassThrough(shown, value);
    if (!safe_.IsSafeFlag(name)) {
      log_.Note(shown, RedactionReason::kNotSafeListed);
      return kRedacted;
    }
    // A whole command line glued into one word ("/x --token=v") is no value of this flag.
    if (value.find(" -") != std::string::npos || value.find("\t-") != std::string::npos) {
      log_.Note(shown, RedactionReason::kUnplaceable);
      return kRedacted;
    }
    std::optional<std::string> kept = SafeValue(value);
    if (!kept) {
      log_.Note(shown, RedactionReason::kUrlCredentials);
      return kRedacted;
    }
    return *kept;
  }

  // "--kube-apiserver-arg=name=value": the inner flag is judged like any other.
  std::string PassThrough(const std::string& shown, const std::string& inner) {
    std::size_t start = inner.find_first_not_of('-');
    if (start == std::string::npos) start = inner.size();
    std::size_t eq = inner.find('=', start);
    std::string name = inner.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
    // k3s's `name+=value` and `name-=value` add to its own value of `name`: judged as `name`.
    if (!name.empty() && (name.back() == '+' || name.back() == '-')) name.pop_back();
    if (!IsFlagName(name)) {
      log_.Note(shown, RedactionReason::kUnplaceable);
      return kRedacted;
    }
    if (eq == std::string::npos) return inner;  // a bare boolean: the name is the whole value
    std::string inner_shown = shown + " " + name;
    return inner.substr(0, eq + 1) + Value(inner_shown, name, inner.substr(eq + 1));
  }

  const SafeSettings& safe_;
  RedactionLog& log_;
};

// Drops "?query" and "#fragment" from one URL-ish element; false when it carries user-info.
bool CleanUrl(std::string& element) {
  std::size_t scheme = element.find("://");
  if (scheme == std::string::npos) return true;
  std::size_t authority = scheme + 3;
  // Any '@' after the scheme counts: an unencoded '/', '?' or '#' in a password would end the
  // authority early, and a second URL may follow in the same element.
  if (element.find('@', authority) != std::string::npos) return false;
  std::size_t cut = element.find_first_of("?#", authority);
  if (cut != std::string::npos) element.erase(cut);
  return true;
}

}  // namespace

bool IsFlagName(std::string_view name) {
  if (name.empty() || name.size() > 128 || std::isalnum(static_cast<unsigned char>(name[0])) == 0) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<std::string> SafeValue(std::string_view value) {
  // user:password@host without a scheme, as etcd endpoints are sometimes written.
  for (std::size_t at = value.find('@'); at != std::string_view::npos; at = value.find('@', at + 1)) {
    std::size_t element = value.find_last_of(", ", at);
    std::size_t from = element == std::string_view::npos ? 0 : element + 1;
    if (value.substr(from, at - from).find(':') != std::string_view::npos) return std::nullopt;
  }
  if (value.find("://") == std::string_view::npos) return std::string(value);
  std::string out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string element(value.substr(start, comma - start));
    if (!CleanUrl(element)) return std::nullopt;
    if (start > 0) out += ',';
    out += element;
    start = comma + 1;
  }
  return out;
}

bool IsProgramWord(std::string_view word) {
  if (word.empty() || word.size() > 256) return false;
  for (char c : word) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '.' || c == '_' ||
              c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> FilterArguments(const std::vector<std::string>& argv, std::size_t first,
                                         RedactionLog& log, const SafeSettings& safe) {
  std::vector<std::string> out = argv;
  ArgumentFilter filter(safe, log);
  for (std::size_t i = 0; i < argv.size() && i < first; ++i) {
    if (argv[i] != kRedacted && !IsProgramWord(argv[i])) {
      out[i] = kRedacted;
      log.Note("argument " + std::to_string(i), RedactionReason::kUnplaceable);
    }
  }
  for (std::size_t i = first; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--") {
      bool withheld = false;
      for (std::size_t k = i + 1; k < argv.size(); ++k) {
        withheld = withheld || argv[k] != kRedacted;
        out[k] = kRedacted;
      }
      if (withheld) log.Note("arguments after --", RedactionReason::kUnplaceable);
      break;
    }
    if (word.size() >= 2 && word[0] == '-') {
      i += filter.FilterFlag(argv, i, out);
    } else if (!word.empty() && word != kRedacted && !IsVariableReference(word)) {
      out[i] = kRedacted;
      log.Note("argument " + std::to_string(i), RedactionReason::kUnplaceable);
    }
  }
  return out;
}

Result<std::vector<std::string>> SplitCommandLine(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0; else word += c;
      continue;
    }
    if (c == '\\' && i + 1 < text.size()) {
      char next = text[i + 1];
      ++i;
      if (next == '\n') continue;  // a continuation joins the lines
      if (quote == '"' && next != '"' && next != '\\' && next != '$') word += c;
      word += next;
      in_word = true;
      continue;
    }
    if (quote == '"') {
      if (c == '"') quote = 0; else word += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) return Status::Corrupt("unterminated quote in a command line");
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::string JoinCommandLine(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ' ';
    bool bare = !word.empty();
    for (char c : word) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && std::string_view("-_=/.,:@%+<>{}$").find(c) == std::string_view::npos) {
        bare = false;
        break;
      }
    }
    if (bare) {
      out += word;
      continue;
    }
    out += '"';
    for (char c : word) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace kubeproof
