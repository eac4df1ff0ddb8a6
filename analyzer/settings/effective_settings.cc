#include "analyzer/settings/effective_settings.h"

#include <algorithm>
#include <set>

#include "analyzer/settings/command_line.h"
#include "analyzer/settings/file_lookup.h"

namespace kubeproof {
namespace {

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string item = s.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::string JoinMap(const std::map<std::string, MapEntry>& entries) {
  std::string out;
  for (const auto& [k, e] : entries) out += (out.empty() ? "" : ",") + k + "=" + e.value;
  return out;
}

void MergeMapText(std::map<std::string, MapEntry>& entries, const std::string& text, const std::string& source) {
  for (const auto& kv : SplitComma(text)) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    entries[kv.substr(0, eq)] = {NormaliseValue(FlagType::kBool, kv.substr(eq + 1)), source, std::nullopt};
  }
}

// Go's zero value of a config field as the file spells it: "", 0, false, a zero duration.
bool IsZeroValue(FlagType type, const std::string& value) {
  switch (type) {
    case FlagType::kDuration: {
      auto seconds = ParseDurationSeconds(value);
      return seconds && *seconds == 0;
    }
    case FlagType::kInt: return value.find_first_not_of("+-0") == std::string::npos && !value.empty();
    case FlagType::kBool: return ParseBool(value) == false;
    default: return value.empty();
  }
}

}  // namespace

std::string NormaliseValue(FlagType type, const std::string& value) {
  if (type == FlagType::kBool) {
    if (auto b = ParseBool(value)) return *b ? "true" : "false";
  }
  return value;
}

VersionChoice ChooseVersion(const std::string& component, const NodeEvidence& evidence,
                            const ComponentInstance& instance, const std::optional<std::string>& override_version,
                            const std::string& assumed_version, const std::string& assumed_by) {
  auto make = [](int minor, std::string origin, bool assumed) {
    return VersionChoice{minor, "1." + std::to_string(minor), std::move(origin), assumed};
  };
  if (override_version) {
    if (auto m = ParseKubernetesMinor(*override_version)) return make(*m, "given with --k8s-version", false);
  }
  // The component's own evidence first: its version entries, then its static pod's image tag.
  if (const KubernetesVersionSeen* v = NewestVersionOf(evidence, component)) {
    return make(*ParseKubernetesMinor(v->version), v->version + " from " + v->source, false);
  }
  if (instance.manifest_version) {
    if (auto m = ParseKubernetesMinor(*instance.manifest_version)) {
      return make(*m, *instance.manifest_version + " from the image tag in " + instance.manifest_path, false);
    }
  }
  // A distribution's package: k3s builds every component in, RKE2 ships them all of one release.
  for (const char* distribution : {"k3s", "rke2"}) {
    if (const KubernetesVersionSeen* v = NewestVersionOf(evidence, distribution)) {
      return make(*ParseKubernetesMinor(v->version), v->version + " of " + distribution + " on this node, from " + v->source,
                  false);
    }
  }
  if (std::optional<NodeVersion> node = DetectNodeVersion(evidence)) {
    return make(node->minor, node->text + " of the node, from " + node->origin, false);
  }
  int minor = ParseKubernetesMinor(assumed_version).value_or(18);
  return make(minor, "assumed by " + assumed_by + ": no version in the evidence", true);
}

ComponentSettings::ComponentSettings(const ComponentSpec& spec, const NodeEvidence& evidence,
                                     ComponentInstance instance, VersionChoice version)
    : spec_(spec), instance_(std::move(instance)), version_(std::move(version)) {
  LoadConfigs(evidence);
}

void ComponentSettings::LoadConfigs(const NodeEvidence& evidence) {
  auto load = [&](const std::string& path, const std::string& label) {
    ConfigSource src{path, label, std::nullopt, {}};
    FileLookup found = LookupFile(evidence, path);
    if (found.record == nullptr) {
      src.problem = label + " not collected";
    } else if (found.record->status == "absent") {
      src.problem = label + " not found";
    } else if (found.record->status != "ok" || !found.record->content) {
      src.problem = label + " unreadable" + (found.record->error ? ": " + *found.record->error : ": " + found.record->status);
    } else {
      auto values = FlattenConfig(*found.record->content, ConfigLimits{});
      if (values.ok()) {
        // The components decode one YAML document (go-yaml's Unmarshal); later ones are ignored.
        for (auto& v : *values) {
          if (v.document == 0) src.values.push_back(std::move(v));
        }
      } else {
        src.problem = label + " unparsable: " + values.status().message();
      }
    }
    configs_.push_back(std::move(src));
  };
  auto unresolved = [&](const std::string& label, const Status& why) {
    configs_.push_back({"", label, label + " unknown: " + why.message(), {}});
  };
  if (!spec_.config_file_flag.empty()) {
    if (auto value = CommandLineScalar(spec_.config_file_flag, nullptr); value && !value->empty()) {
      Result<std::string> path = AbsolutePath(*value, SettingOrigin::kCommandLine);
      config_path_ = path.ok() ? *path : *value;
      if (path.ok()) {
        load(*path, "config file " + *path);
      } else {
        unresolved("config file " + *value, path.status());
      }
    }
  }
  if (!spec_.config_dir_flag.empty()) {
    if (auto value = CommandLineScalar(spec_.config_dir_flag, nullptr); value && !value->empty()) {
      Result<std::string> dir = AbsolutePath(*value, SettingOrigin::kCommandLine);
      if (!dir.ok()) return unresolved("drop-in directory " + *value, dir.status());
      std::string prefix = *dir + (dir->back() == '/' ? "" : "/");
      std::vector<std::string> paths;
      for (const auto& f : evidence.files) {
        if (f.path.rfind(prefix, 0) != 0) continue;
        std::string name = f.path.substr(prefix.size());
        if (name.find('/') != std::string::npos || name.size() < 6 || name.substr(name.size() - 5) != ".conf") continue;
        paths.push_back(f.path);
      }
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) load(p, "drop-in " + p);
    }
  }
}

Result<std::string> ComponentSettings::AbsolutePath(const std::string& value, SettingOrigin origin) const {
  if (!value.empty() && value.front() == '/') return NormalisePath(value);
  if (origin != SettingOrigin::kCommandLine) {
    return Status::NotFound("relative path " + value + " outside the command line has no known base directory");
  }
  if (!instance_.working_dir) {
    return Status::NotFound("relative path " + value + " and " + instance_.working_dir_unknown);
  }
  return NormalisePath(*instance_.working_dir + "/" + value);
}

ResolvedSetting ComponentSettings::ResolvePath(const std::string& name) const {
  ResolvedSetting r = Resolve(name);
  if (!r.set || r.unverifiable || r.value.empty()) return r;
  Result<std::string> path = AbsolutePath(r.value, r.origin);
  if (path.ok()) {
    r.value = *path;
  } else {
    r.unverifiable = path.status().message();
  }
  return r;
}

std::optional<std::string> ComponentSettings::CommandLineScalar(const std::string& name, std::string* source) const {
  std::optional<std::string> value;
  for (const auto& a : instance_.args) {
    if (a.flag != name) continue;
    value = a.value;
    if (source) *source = instance_.FlagSource(a);
  }
  return value;
}

ResolvedSetting ComponentSettings::Resolve(const std::string& name) const {
  ResolvedSetting r;
  r.name = name;
  const FlagSpec* flag = spec_.FindFlag(name);
  r.type = flag ? flag->type : (spec_.IsBool(name) ? FlagType::kBool : FlagType::kString);
  const bool on_command_line = !(flag && flag->config_only);
  const std::string config_key = flag ? flag->config_key : "";
  const std::string suffix = instance_.DeclaredSuffix();
  if (instance_.unverifiable) {
    r.unverifiable = instance_.unverifiable;
    r.source = "declared in " + instance_.declared_in + ", not observed";
    return r;
  }

  auto finish_list = [&](std::vector<std::string> items, SettingOrigin origin, std::string source) {
    r.set = true;
    r.items = std::move(items);
    r.value = Join(r.items);
    r.origin = origin;
    r.source = std::move(source);
    return r;
  };

  // k3s runs this component in-process with settings of its own choosing; only what the evidence
  // passes explicitly is known, never the upstream default.
  const bool embedded = instance_.kind == InstanceKind::kK3s;
  const std::string embedded_reason =
      "k3s chooses its embedded " + spec_.component + "'s settings; --" + name + " is not given explicitly in the evidence";

  // Map settings (feature gates) merge per key: default, config file, drop-ins, command line.
  if (r.type == FlagType::kMap) {
    if (embedded) r.unverifiable = embedded_reason;
    if (auto d = embedded ? std::nullopt : spec_.DefaultFor(name, version_.minor, config_path_.has_value())) {
      MergeMapText(r.entries, *d, "default for Kubernetes " + version_.text +
                                      (version_.assumed ? " (version " + version_.origin + ")" : ""));
    }
    for (const auto& src : configs_) {
      if (config_key.empty()) break;
      if (src.problem) {
        r.unverifiable = *src.problem;
        for (auto& [k, e] : r.entries) e.unverifiable = *src.problem;
        continue;
      }
      for (const auto& v : src.values) {
        if (v.scalar() && v.key_path.rfind(config_key + ".", 0) == 0) {
          r.entries[v.key_path.substr(config_key.size() + 1)] = {
              NormaliseValue(FlagType::kBool, v.value), src.label + " key " + v.key_path + suffix, std::nullopt};
        }
      }
    }
    if (on_command_line) {
      for (const auto& a : instance_.args) {
        if (a.flag == name) MergeMapText(r.entries, a.value, instance_.FlagSource(a));
      }
    }
    r.set = !r.entries.empty();
    r.value = JoinMap(r.entries);
    r.origin = r.set ? SettingOrigin::kCommandLine : SettingOrigin::kUnset;
    std::set<std::string> sources;
    for (const auto& [k, e] : r.entries) sources.insert(e.source);
    for (const auto& s : sources) r.source += (r.source.empty() ? "" : "; ") + s;
    return r;
  }

  // 1) the command line: the last scalar wins, list occurrences add up.
  if (on_command_line) {
    std::vector<std::string> items;
    std::string source;
    bool seen = false;
    for (const auto& a : instance_.args) {
      if (a.flag != name) continue;
      seen = true;
      source = instance_.FlagSource(a);
      if (r.type == FlagType::kList) {
        for (auto& i : SplitComma(a.value)) items.push_back(i);
      } else {
        r.value = NormaliseValue(r.type, a.value);
      }
    }
    if (seen) {
      if (r.type == FlagType::kList) return finish_list(items, SettingOrigin::kCommandLine, source);
      r.set = true;
      r.origin = SettingOrigin::kCommandLine;
      r.source = source;
      return r;
    }
  }
  // 2) drop-ins and 3) the config file, highest precedence first.
  if (!config_key.empty()) {
    for (auto it = configs_.rbegin(); it != configs_.rend(); ++it) {
      const SettingOrigin origin = it->label.rfind("drop-in", 0) == 0 ? SettingOrigin::kConfigDir : SettingOrigin::kConfigFile;
      if (it->problem) {
        r.unverifiable = *it->problem;
        r.source = it->label + " key " + config_key + suffix;
        return r;
      }
      std::vector<std::string> items;
      std::optional<std::string> scalar;
      for (const auto& v : it->values) {
        if (!v.scalar()) continue;
        if (v.key_path == config_key) scalar = v.value;
        if (v.key_path.rfind(config_key + "[", 0) == 0) items.push_back(v.value);
      }
      std::string source = it->label + " key " + config_key + suffix;
      if (r.type == FlagType::kList && (scalar || !items.empty())) {
        if (scalar) items = SplitComma(*scalar);
        return finish_list(items, origin, source);
      }
      if (scalar && flag && flag->zero_defaulted && IsZeroValue(r.type, *scalar)) {
        // The component's own defaulting treats the zero value as unset.
        if (auto d = spec_.DefaultFor(name, version_.minor, true)) {
          r.set = true;
          r.value = NormaliseValue(r.type, *d);
          r.origin = SettingOrigin::kDefault;
          r.source = it->label + " key " + config_key + " is " + (scalar->empty() ? "\"\"" : *scalar) + ", which the " +
                     spec_.component + "'s defaulting replaces (default for Kubernetes " + version_.text +
                     " with a config file" + (version_.assumed ? ", version " + version_.origin : "") + ")" + suffix;
          return r;
        }
      }
      if (scalar) {
        r.set = true;
        r.value = NormaliseValue(r.type, *scalar);
        r.origin = origin;
        r.source = source;
        return r;
      }
    }
  }
  if (embedded) {
    r.unverifiable = embedded_reason;
    r.source = "not given to k3s on its command line or in its config file";
    return r;
  }
  // 4) the compiled-in default for the version; a config file changes some defaults.
  if (auto d = spec_.DefaultFor(name, version_.minor, config_path_.has_value())) {
    std::string source = "default for Kubernetes " + version_.text +
                         (config_path_ ? " with a config file" : " without a config file");
    if (version_.assumed) source += " (version " + version_.origin + ")";
    if (r.type == FlagType::kList) return finish_list(SplitComma(*d), SettingOrigin::kDefault, source);
    r.set = true;
    r.value = NormaliseValue(r.type, *d);
    r.origin = SettingOrigin::kDefault;
    r.source = source;
    return r;
  }
  r.source = "not set on the command line" + std::string(config_key.empty() || configs_.empty() ? "" : " or in the config file") +
             ", no default for Kubernetes " + version_.text;
  return r;
}

std::vector<ResolvedSetting> ComponentSettings::ResolveAll() const {
  std::set<std::string> names;
  for (const auto& [name, f] : spec_.flags) names.insert(name);
  for (const auto& a : instance_.args) {
    if (!a.flag.empty()) names.insert(a.flag);
  }
  std::vector<ResolvedSetting> out;
  for (const auto& n : names) {
    ResolvedSetting r = Resolve(n);
    if (r.set || r.unverifiable) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kubeproof
