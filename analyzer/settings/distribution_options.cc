#include "analyzer/settings/distribution_options.h"

#include <algorithm>
#include <cctype>

#include "analyzer/config/config_values.h"
#include "analyzer/settings/command_line.h"
#include "analyzer/settings/file_lookup.h"
#include "common/redaction.h"

namespace kubeproof {
namespace {

// The top-level key of a flattened key path ("kube-apiserver-arg+[2]" -> "kube-apiserver-arg+"),
// with escapes undone; `nested` is set when the path goes below a map.
std::string TopKey(const std::string& key_path, bool* nested) {
  std::string key;
  *nested = false;
  for (std::size_t i = 0; i < key_path.size(); ++i) {
    char c = key_path[i];
    if (c == '\\' && i + 1 < key_path.size()) {
      key += key_path[++i];
    } else if (c == '.') {
      *nested = true;
      return key;
    } else if (c == '[') {
      *nested = key_path.find('.', i) != std::string::npos;
      return key;
    } else {
      key += c;
    }
  }
  return key;
}

bool HasExtension(const std::string& name, const std::vector<std::string>& extensions) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& ext : extensions) {
    if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  }
  return false;
}

}  // namespace

DistributionOptions::DistributionOptions(const DistributionSpec& spec, const NodeEvidence& evidence,
                                         const ProcessEvidence& process)
    : spec_(spec),
      process_label_(process.component + " (pid " + std::to_string(process.pid) + ")") {
  ComponentSpec syntax;  // pflag rules, with the distribution's booleans
  syntax.bool_flags = spec.bool_options;
  for (const auto& a : ParseCommandLine(syntax, process.argv)) {
    if (!a.flag.empty()) command_line_.emplace_back(a.flag, a.value);
  }
  std::string config_path = spec.config_file.default_path;
  for (const auto& [flag, value] : command_line_) {
    if (std::find(spec.config_file.flags.begin(), spec.config_file.flags.end(), flag) !=
        spec.config_file.flags.end()) {
      config_path = value;
    }
  }
  if (config_path.empty()) return;
  if (config_path == kRedactedValue) {
    problems_.push_back(spec.distribution + "'s config file was named by a value the collector redacted");
    return;
  }
  if (config_path[0] != '/') {
    if (process.cwd_state != CwdState::kKnown) {
      problems_.push_back(spec.distribution + " config file " + config_path +
                          " is relative to an unknown working directory");
      return;
    }
    config_path = NormalisePath(process.cwd + "/" + config_path);
  }
  ReadFiles(evidence, config_path);
}

void DistributionOptions::ReadFiles(const NodeEvidence& evidence, const std::string& config_path) {
  ReadFile(evidence, config_path, true);
  if (spec_.config_file.drop_in_suffix.empty()) return;
  const std::string dir = config_path + spec_.config_file.drop_in_suffix;
  DirectoryListing listing = ListDirectory(evidence, dir);
  if (listing.state == DirectoryListing::State::kAbsent) return;
  if (listing.state != DirectoryListing::State::kListed) {
    problems_.push_back(spec_.distribution + " config drop-in " + listing.problem);
    return;
  }
  for (const FileEvidence* f : listing.entries) {
    std::string name = f->path.substr(f->path.rfind('/') + 1);
    if (f->type && *f->type == "dir") continue;
    if (HasExtension(name, spec_.config_file.drop_in_extensions))
      ReadFile(evidence, f->path, false);
  }
}

void DistributionOptions::ReadFile(const NodeEvidence& evidence, const std::string& path,
                                   bool main_file) {
  const std::string label =
      spec_.distribution + (main_file ? " config " : " config drop-in ") + path;
  FileLookup found = LookupFile(evidence, path);
  if (found.record == nullptr) {
    problems_.push_back(label + " not collected");
    return;
  }
  if (found.record->status == "absent") return;
  if (found.record->status != "ok" || !found.record->content) {
    problems_.push_back(label + " unreadable: " +
                        (found.record->error ? *found.record->error : found.record->status));
    return;
  }
  auto values = FlattenConfig(*found.record->content, ConfigLimits{});
  if (!values.ok()) {
    problems_.push_back(label + " unparsable: " + values.status().message());
    return;
  }
  // Group the first document's rows by top-level key, in order: one key sets or appends at once.
  std::vector<Entry> keys;
  for (const auto& v : *values) {
    if (v.document != 0) continue;
    bool nested = false;
    std::string key = TopKey(v.key_path, &nested);
    if (nested || key.empty()) continue;
    Entry* e = Find(keys, key);
    if (e == nullptr) e = &keys.emplace_back(Entry{key, {}});
    bool empty_collection = (v.value_type == "list" || v.value_type == "map") && v.value.empty();
    if (!empty_collection) e->values.push_back({v.value, label + " key " + key, false});
  }
  for (auto& k : keys) {
    bool append = !k.option.empty() && k.option.back() == '+';
    std::string option = append ? k.option.substr(0, k.option.size() - 1) : k.option;
    Entry* existing = Find(file_entries_, option);
    if (existing == nullptr) {
      file_entries_.push_back({option, std::move(k.values)});
    } else if (append) {
      for (auto& v : k.values) existing->values.push_back(std::move(v));
    } else {
      existing->values = std::move(k.values);
    }
  }
}

DistributionOptions::Entry* DistributionOptions::Find(std::vector<Entry>& entries,
                                                      const std::string& option) {
  for (auto& e : entries) {
    if (e.option == option) return &e;
  }
  return nullptr;
}

std::vector<OptionValue> DistributionOptions::List(const std::string& option) const {
  std::vector<OptionValue> out;
  for (const auto& e : file_entries_) {
    if (e.option == option) out = e.values;
  }
  for (const auto& [flag, value] : command_line_) {
    if (flag == option)
      out.push_back({value, "flag --" + flag + " on running " + process_label_, true});
  }
  return out;
}

std::optional<OptionValue> DistributionOptions::Scalar(
    const std::vector<std::string>& names) const {
  auto named = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  std::optional<OptionValue> out;
  for (const auto& e : file_entries_) {
    if (named(e.option) && !e.values.empty()) out = e.values.back();
  }
  for (const auto& [flag, value] : command_line_) {
    if (named(flag))
      out = OptionValue{value, "flag --" + flag + " on running " + process_label_, true};
  }
  return out;
}

bool DistributionOptions::IsTrue(const std::string& option) const {
  auto v = Scalar({option});
  return v && ParseBool(v->value).value_or(false);
}

std::string DistributionOptions::DataDir() const {
  auto v = Scalar(spec_.data_dir_options);
  return v && !v->value.empty() ? v->value : spec_.data_dir_default;
}

}  // namespace kubeproof
