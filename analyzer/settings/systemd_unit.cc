#include "analyzer/settings/systemd_unit.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "analyzer/settings/file_lookup.h"
#include "common/unit_directories.h"
#include "common/unit_filter.h"

namespace kubeproof {
namespace {

struct EnvValue {
  std::string value;
  std::string origin;
};

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Splits on whitespace honouring double and single quotes (quotes removed).
std::vector<std::string> SplitQuoted(const std::string& s) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == '\\' && i + 1 < s.size() && quote == '"') {
        word += s[++i];
      } else if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::string Unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return v.substr(1, v.size() - 2);
  }
  return v;
}

// Replaces ${VAR} (and $VAR inside a longer word) in one word.
std::string ExpandInWord(const std::string& word, const std::map<std::string, EnvValue>& env,
                         std::string& origin) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] != '$' || i + 1 >= word.size()) {
      out += word[i];
      continue;
    }
    std::string name;
    if (word[i + 1] == '{') {
      std::size_t close = word.find('}', i + 2);
      if (close == std::string::npos) {
        out += word[i];
        continue;
      }
      name = word.substr(i + 2, close - i - 2);
      i = close;
    } else {
      std::size_t j = i + 1;
      while (j < word.size() && (std::isalnum(static_cast<unsigned char>(word[j])) || word[j] == '_')) ++j;
      if (j == i + 1) {
        out += word[i];
        continue;
      }
      name = word.substr(i + 1, j - i - 1);
      i = j - 1;
    }
    auto it = env.find(name);
    if (it != env.end()) {
      out += it->second.value;
      origin = it->second.origin;
    }
  }
  return out;
}

// WorkingDirectory=: empty resets to the default "/", a leading '-' only tolerates a missing one.
void SetWorkingDirectory(std::string value, const std::string& file, DeclaredCommand& cmd) {
  if (!value.empty() && value.front() == '-') value.erase(0, 1);
  cmd.working_directory.reset();
  cmd.working_directory_unknown.clear();
  if (value.empty()) {
    cmd.working_directory = "/";
  } else if (value.front() == '/') {
    cmd.working_directory = value;
  } else {
    cmd.working_directory_unknown = "WorkingDirectory=" + value + " in " + file + " is not resolved from the evidence";
  }
}

bool Masked(const FileEvidence& f) {
  return f.type == "symlink" && f.link_target && NormalisePath(*f.link_target) == "/dev/null";
}

// The content of a unit or drop-in the evidence shows exists, following links; an error names
// the file when it was not read, since its settings would then be unknown.
Result<const FileEvidence*> ReadableUnitFile(const NodeEvidence& evidence, const std::string& path,
                                             const std::string& what) {
  FileLookup found = LookupFile(evidence, path);
  if (found.record == nullptr) return Status::IoError(what + " " + path + ": link target not collected");
  const FileEvidence& f = *found.record;
  if (f.status != "ok" || !f.content) {
    return Status::IoError(what + " " + path + " unreadable: " + (f.error ? *f.error : f.status));
  }
  return &f;
}

// The unit file systemd loads: the one in the highest-precedence directory holding the name,
// readable or not. Null when none exists or the winner is masked.
const FileEvidence* WinningUnit(const NodeEvidence& evidence, const std::string& unit) {
  for (std::string_view dir : SystemdUnitDirectories()) {
    const FileEvidence* f = evidence.FindFile(std::string(dir) + "/" + unit);
    if (f == nullptr || f->status == "absent") continue;
    return Masked(*f) ? nullptr : f;
  }
  return nullptr;
}

// Drop-ins by file name across every directory's <unit>.d, the highest-precedence one winning a
// name; masked ones left out. Error: a drop-in directory that exists but could not be listed.
Result<std::map<std::string, const FileEvidence*>> WinningDropins(const NodeEvidence& evidence,
                                                                  const std::string& unit) {
  std::map<std::string, const FileEvidence*> dropins;
  std::set<std::string> masked;
  for (std::string_view dir : SystemdUnitDirectories()) {
    std::string dropin_dir = std::string(dir) + "/" + unit + ".d";
    const FileEvidence* d = evidence.FindFile(dropin_dir);
    if (d != nullptr && d->status != "ok" && d->status != "absent") {
      return Status::IoError("drop-in directory " + dropin_dir + " unreadable: " + (d->error ? *d->error : d->status));
    }
    std::string prefix = dropin_dir + "/";
    for (auto it = std::lower_bound(evidence.files.begin(), evidence.files.end(), prefix,
                                    [](const FileEvidence& f, const std::string& p) { return f.path < p; });
         it != evidence.files.end() && it->path.rfind(prefix, 0) == 0; ++it) {
      std::string name = it->path.substr(prefix.size());
      bool conf = name.size() > 5 && name.compare(name.size() - 5, 5, ".conf") == 0;
      if (!conf || name.find('/') != std::string::npos || it->status == "absent") continue;
      if (dropins.count(name) != 0 || masked.count(name) != 0) continue;
      if (Masked(*it)) {
        masked.insert(name);
      } else {
        dropins[name] = &*it;
      }
    }
  }
  return dropins;
}

// Adds the variables of each EnvironmentFile= (leading '-': optional) to `env`, in order. A file
// the evidence shows exists but was not read, a required one that is missing (systemd would not
// start the unit) or one the collector did not examine is an error naming it: the variables it
// sets, and so the command line, would be unknown. A missing optional file is skipped, as systemd
// skips it.
Status ReadEnvironmentFiles(const NodeEvidence& evidence, const std::string& unit,
                            const std::vector<std::string>& specs, std::map<std::string, EnvValue>& env) {
  for (const std::string& spec : specs) {
    bool optional = spec.front() == '-';
    std::string path = optional ? spec.substr(1) : spec;
    FileLookup found = LookupFile(evidence, path);
    const FileEvidence* f = found.record;
    if (f == nullptr) {
      return Status::IoError("EnvironmentFile " + path + " of " + unit + " was not examined by the collector" +
                             (found.via.empty() ? "" : " (" + found.via + ")"));
    }
    if (f->status == "absent") {
      if (optional) continue;
      return Status::IoError("EnvironmentFile " + path + " of " + unit +
                             " does not exist and has no '-' prefix: systemd would not start the unit");
    }
    if (f->status != "ok") {
      return Status::IoError("EnvironmentFile " + path + " of " + unit + " unreadable: " +
                             (f->error ? *f->error : f->status));
    }
    if (!f->content) {
      return Status::IoError("EnvironmentFile " + path + " of " + unit + ": content not collected");
    }
    for (auto& [k, v] : ParseEnvironmentFile(*f->content)) env[k] = {v, path};
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseEnvironmentFile(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& line : LogicalLines(text)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = Trim(line.substr(0, eq));
    if (key.rfind("export ", 0) == 0) key = Trim(key.substr(7));
    out.emplace_back(key, Unquote(Trim(line.substr(eq + 1))));
  }
  return out;
}

Result<DeclaredCommand> ResolveSystemdExecStart(const NodeEvidence& evidence, const std::string& unit) {
  DeclaredCommand cmd;
  const FileEvidence* main = WinningUnit(evidence, unit);
  Result<std::map<std::string, const FileEvidence*>> dropins = WinningDropins(evidence, unit);
  if (!dropins.ok()) return dropins.status();
  if (main == nullptr && dropins->empty()) return Status::NotFound("no " + unit + " unit file collected");

  std::vector<const FileEvidence*> files;
  auto add = [&](const FileEvidence* f, const std::string& what) -> Status {
    Result<const FileEvidence*> read = ReadableUnitFile(evidence, f->path, what);
    if (!read.ok()) return read.status();
    files.push_back(*read);
    cmd.unit_files.push_back(f->path);
    return Status::Ok();
  };
  if (main != nullptr) {
    if (Status s = add(main, "unit file"); !s.ok()) return s;
  }
  for (const auto& [name, f] : *dropins) {
    if (Status s = add(f, "drop-in"); !s.ok()) return s;
  }

  std::optional<std::string> exec_start;
  std::string exec_file;
  std::map<std::string, EnvValue> env;
  std::vector<std::string> env_files;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FileEvidence* f = files[i];
    const std::string& file = cmd.unit_files[i];  // the name systemd loads, before links
    std::string section;
    for (const std::string& line : LogicalLines(*f->content)) {
      if (line.front() == '[') {
        section = line;
        continue;
      }
      if (section != "[Service]") continue;
      auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = Trim(line.substr(0, eq));
      std::string value = Trim(line.substr(eq + 1));
      if (key == "ExecStart") {
        if (value.empty()) {
          exec_start.reset();
        } else {
          exec_start = value;
          exec_file = file;
        }
      } else if (key == "Environment") {
        if (value.empty()) env.clear();  // an empty assignment resets the list
        for (const std::string& assignment : SplitQuoted(value)) {
          auto e = assignment.find('=');
          if (e != std::string::npos) env[assignment.substr(0, e)] = {assignment.substr(e + 1), file};
        }
      } else if (key == "WorkingDirectory") {
        SetWorkingDirectory(value, file, cmd);
      } else if (key == "EnvironmentFile") {
        if (value.empty()) {
          env_files.clear();
        } else {
          env_files.push_back(value);
        }
      }
    }
  }
  if (!exec_start) return Status::NotFound(unit + " has no ExecStart");
  // Environment files are read when the service starts and override Environment=.
  if (Status s = ReadEnvironmentFiles(evidence, unit, env_files, env); !s.ok()) return s;
  cmd.exec_start_file = exec_file;
  std::string line = *exec_start;
  // Prefixes that change how systemd runs the command, not the command itself.
  while (!line.empty() && std::string("@-:+!").find(line.front()) != std::string::npos) line.erase(0, 1);
  // A word that is exactly $VAR splits into words; ${VAR} and $VAR inside a word stay one word.
  std::vector<std::string> raw_words;
  {
    std::vector<std::string> words = SplitQuoted(line);
    raw_words = words;
  }
  for (const std::string& word : raw_words) {
    bool bare_var = word.size() > 1 && word[0] == '$' && word[1] != '{' &&
                    std::all_of(word.begin() + 1, word.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                    });
    if (bare_var) {
      auto it = env.find(word.substr(1));
      if (it == env.end()) continue;
      for (const std::string& w : SplitQuoted(it->second.value)) {
        cmd.argv.push_back(w);
        cmd.origins.push_back(it->second.origin);
      }
      continue;
    }
    std::string origin = exec_file;
    cmd.argv.push_back(ExpandInWord(word, env, origin));
    cmd.origins.push_back(origin);
  }
  return cmd;
}

}  // namespace kubeproof
