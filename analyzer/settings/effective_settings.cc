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
  AddDistributionFlags(spec_, instance_, version_.minor, !version_.assumed);
  LoadConfigs(evidence);
}

void ComponentSettings::LoadConfigs(const NodeEvidence& evidence) {
  const PrecedenceSpec& precedence = spec_.precedence;
  auto unresolved = [&](const std::string& label, const Status& why, SettingLayer layer) {
    configs_.push_back({"", label, layer, label + " unknown: " + why.message(), {}});
  };
  if (precedence.Has(SettingLayer::kConfigFile)) {
    if (auto value = CommandLineScalar(spec_.config_file_flag, nullptr); value && !value->empty()) {
      Result<std::string> path = AbsolutePath(*value, SettingOrigin::kCommandLine);
      config_path_ = path.ok() ? *path : *value;
      if (path.ok()) {
        configs_.push_back(LoadConfigSource(evidence, *path, "config file " + *path, SettingLayer::kConfigFile));
      } else {
        unresolved("config file " + *value, path.status(), SettingLayer::kConfigFile);
      }
    }
  }
  if (precedence.Has(SettingLayer::kConfigDir)) {
    auto value = CommandLineScalar(spec_.config_dir_flag, nullptr);
    if (!value || value->empty()) return;
    const ConfigDirRule& rule = precedence.config_dir;
    // A version known not to have the flag would not start with it: the evidence contradicts itself.
    if (!version_.assumed && (version_.minor < rule.first_minor || version_.minor > rule.last_minor)) {
      std::string problem = "--" + spec_.config_dir_flag + " is given, but the " + spec_.component + " of Kubernetes " +
                            version_.text + " has no such flag";
      configs_.push_back({*value, problem, SettingLayer::kConfigDir, problem, {}});
      return;
    }
    Result<std::string> dir = AbsolutePath(*value, SettingOrigin::kCommandLine);
    if (!dir.ok()) return unresolved("drop-in directory " + *value, dir.status(), SettingLayer::kConfigDir);
    for (auto& src : LoadDropIns(evidence, *dir, rule)) configs_.push_back(std::move(src));
  }
}

Result<std::string> ComponentSettings::AbsolutePath(const std::string& value, SettingOrigin origin,
                                                    const std::string& from_file) const {
  if (!value.empty() && value.front() == '/') return NormalisePath(value);
  if (origin == SettingOrigin::kConfigFile && spec_.precedence.paths_relative_to_config_file && !from_file.empty()) {
    return NormalisePath(from_file.substr(0, from_file.rfind('/')) + "/" + value);
  }
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
  Result<std::string> path = AbsolutePath(r.value, r.origin, r.from_file);
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

// One Resolve call: the setting's facts, shared by the layer steps.
struct ComponentSettings::Query {
  std::string name;
  const FlagSpec* flag = nullptr;
  std::string config_key;
  std::string suffix;  // ", declared, not observed" for declared instances
};

std::optional<std::string> ComponentSettings::DistributionProblem() const {
  if (instance_.distribution_problems.empty()) return std::nullopt;
  return instance_.distribution_problems.front();
}

ComponentSettings::Step ComponentSettings::FromCommandLine(const Query& q, ResolvedSetting& r, std::string& ignored) const {
  if (q.flag && q.flag->config_only) return Step::kNext;
  std::vector<std::string> items;
  const ParsedArg* last = nullptr;
  for (const auto& a : instance_.args) {
    if (a.flag != q.name) continue;
    last = &a;
    if (r.type == FlagType::kList) {
      for (auto& i : SplitComma(a.value)) items.push_back(i);
    } else {
      r.value = NormaliseValue(r.type, a.value);
    }
  }
  const bool config_flag = q.name == spec_.config_file_flag || q.name == spec_.config_dir_flag;
  if (config_path_ && !config_flag && spec_.precedence.IgnoredWithConfigFile(q.name)) {
    // The component reads this setting from its config file only; the flag changes nothing.
    if (last != nullptr) {
      ignored = instance_.FlagSource(*last) + " is ignored: " + spec_.component + " takes it from its config file when --" +
                spec_.config_file_flag + " is given";
    }
    r.value.clear();
    return Step::kNext;
  }
  if (auto why = instance_.undetermined.find(q.name); why != instance_.undetermined.end()) {
    r.unverifiable = instance_.distribution->distribution + " passes --" + q.name + " to its embedded " + spec_.component +
                     " with a value the evidence does not show: " + why->second;
    r.cause = UnknownCause::kDistributionChoice;
    r.source = "set by " + instance_.distribution->distribution + " for Kubernetes " + version_.text;
    return Step::kDecided;
  }
  if (last == nullptr) {
    // The distribution's own flags, unknown here, come before every config file.
    if (instance_.distribution_unknown) return DistributionChoice(q, r);
    if (auto problem = DistributionProblem()) {
      r.unverifiable = *problem;
      r.source = "not given to " + instance_.distribution->distribution + " on its command line";
      return Step::kDecided;
    }
    return Step::kNext;
  }
  // A value from a distribution's config file, or its own, could be replaced by a file not read.
  const auto pos = static_cast<std::size_t>(last->position);
  const bool settled = pos < instance_.word_on_command_line.size() && instance_.word_on_command_line[pos];
  if (auto problem = DistributionProblem(); problem && (r.type == FlagType::kList || !settled)) {
    r.unverifiable = *problem;
    r.source = instance_.FlagSource(*last);
    return Step::kDecided;
  }
  r.set = true;
  r.origin = SettingOrigin::kCommandLine;
  r.source = instance_.FlagSource(*last);
  if (r.type == FlagType::kList) {
    r.items = std::move(items);
    r.value = Join(r.items);
  }
  return Step::kDecided;
}

ComponentSettings::Step ComponentSettings::FromConfigSources(const Query& q, SettingLayer layer, ResolvedSetting& r) const {
  if (q.config_key.empty()) return Step::kNext;
  const SettingOrigin origin = layer == SettingLayer::kConfigDir ? SettingOrigin::kConfigDir : SettingOrigin::kConfigFile;
  for (auto it = configs_.rbegin(); it != configs_.rend(); ++it) {
    if (it->layer != layer) continue;
    if (it->problem) {
      r.unverifiable = *it->problem;
      r.source = it->label + " key " + q.config_key + q.suffix;
      return Step::kDecided;
    }
    std::vector<std::string> items;
    std::optional<std::string> scalar;
    for (const auto& v : it->values) {
      if (!v.scalar()) continue;
      if (v.key_path == q.config_key) scalar = v.value;
      if (v.key_path.rfind(q.config_key + "[", 0) == 0) items.push_back(v.value);
    }
    const std::string source = it->label + " key " + q.config_key + q.suffix;
    if (r.type == FlagType::kList && (scalar || !items.empty())) {
      r.items = scalar ? SplitComma(*scalar) : items;
      r.value = Join(r.items);
      r.set = true;
      r.origin = origin;
      r.from_file = it->path;
      r.source = source;
      return Step::kDecided;
    }
    if (!scalar) continue;
    const bool defaulted = layer == SettingLayer::kConfigFile || spec_.precedence.config_dir.DefaultsDropIns(version_.minor);
    if (q.flag && q.flag->zero_defaulted && defaulted && IsZeroValue(r.type, *scalar)) {
      // The component's own defaulting treats the zero value as unset.
      if (auto d = spec_.DefaultFor(q.name, version_.minor, true)) {
        r.set = true;
        r.value = NormaliseValue(r.type, *d);
        r.origin = SettingOrigin::kDefault;
        r.source = it->label + " key " + q.config_key + " is " + (scalar->empty() ? "\"\"" : *scalar) + ", which the " +
                   spec_.component + "'s defaulting replaces (default for Kubernetes " + version_.text +
                   " with a config file" + (version_.assumed ? ", version " + version_.origin : "") + ")" + q.suffix;
        return Step::kDecided;
      }
    }
    r.set = true;
    r.value = NormaliseValue(r.type, *scalar);
    r.origin = origin;
    r.from_file = it->path;
    r.source = source;
    return Step::kDecided;
  }
  return Step::kNext;
}

ComponentSettings::Step ComponentSettings::DistributionChoice(const Query& q, ResolvedSetting& r) const {
  const std::string& name = instance_.distribution->distribution;
  r.unverifiable = name + " chooses its embedded " + spec_.component + "'s settings; --" + q.name +
                   " is not given explicitly in the evidence, and " + *instance_.distribution_unknown;
  r.cause = UnknownCause::kDistributionChoice;
  r.source = "not given to " + name + " on its command line or in its config file";
  return Step::kDecided;
}

ComponentSettings::Step ComponentSettings::FromDefault(const Query& q, ResolvedSetting& r) const {
  // The distribution passes flags of its own choosing, not known for this node.
  if (instance_.distribution_unknown) return DistributionChoice(q, r);
  if (auto d = spec_.DefaultFor(q.name, version_.minor, config_path_.has_value())) {
    r.set = true;
    r.origin = SettingOrigin::kDefault;
    r.source = "default for Kubernetes " + version_.text + (config_path_ ? " with a config file" : " without a config file");
    if (version_.assumed) r.source += " (version " + version_.origin + ")";
    if (r.type == FlagType::kList) {
      r.items = SplitComma(*d);
      r.value = Join(r.items);
    } else {
      r.value = NormaliseValue(r.type, *d);
    }
    return Step::kDecided;
  }
  r.source = "not set on the command line" + std::string(q.config_key.empty() || configs_.empty() ? "" : " or in the config file") +
             ", no default for Kubernetes " + version_.text;
  return Step::kDecided;
}

// Map settings (feature gates) merge per key, lowest layer first: default, files, command line.
ResolvedSetting ComponentSettings::ResolveMap(const Query& q, ResolvedSetting r) const {
  std::string ignored;
  const auto& layers = spec_.precedence.layers;
  for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer) {
    switch (*layer) {
      case SettingLayer::kDefault:
        if (instance_.distribution_unknown) {
          r.unverifiable = instance_.distribution->distribution + " chooses its embedded " + spec_.component +
                           "'s settings; --" + q.name + " is not given explicitly in the evidence, and " +
                           *instance_.distribution_unknown;
          r.cause = UnknownCause::kDistributionChoice;
        } else if (auto d = spec_.DefaultFor(q.name, version_.minor, config_path_.has_value())) {
          MergeMapText(r.entries, *d, "default for Kubernetes " + version_.text +
                                          (version_.assumed ? " (version " + version_.origin + ")" : ""));
        }
        break;
      case SettingLayer::kConfigFile:
      case SettingLayer::kConfigDir:
        for (const auto& src : configs_) {
          if (q.config_key.empty() || src.layer != *layer) continue;
          if (src.problem) {
            r.unverifiable = *src.problem;
            for (auto& [k, e] : r.entries) e.unverifiable = *src.problem;
            continue;
          }
          for (const auto& v : src.values) {
            if (v.scalar() && v.key_path.rfind(q.config_key + ".", 0) == 0) {
              r.entries[v.key_path.substr(q.config_key.size() + 1)] = {
                  NormaliseValue(FlagType::kBool, v.value), src.label + " key " + v.key_path + q.suffix, std::nullopt};
            }
          }
        }
        break;
      case SettingLayer::kCommandLine: {
        if (q.flag && q.flag->config_only) break;
        if (config_path_ && spec_.precedence.IgnoredWithConfigFile(q.name)) {
          for (const auto& a : instance_.args) {
            if (a.flag == q.name) ignored = instance_.FlagSource(a) + " is ignored: " + spec_.component +
                                            " takes it from its config file when --" + spec_.config_file_flag + " is given";
          }
          break;
        }
        if (instance_.undetermined.count(q.name) != 0) {
          r.unverifiable = instance_.distribution->distribution + " passes --" + q.name + " to its embedded " +
                           spec_.component + " with a value the evidence does not show: " + instance_.undetermined.at(q.name);
          r.cause = UnknownCause::kDistributionChoice;
        }
        // Keys from the files may be overridden by the distribution's own flag, unknown here.
        if (instance_.distribution_unknown) {
          for (auto& [k, e] : r.entries) e.unverifiable = r.unverifiable;
        }
        for (const auto& a : instance_.args) {
          if (a.flag == q.name) MergeMapText(r.entries, a.value, instance_.FlagSource(a));
        }
        break;
      }
    }
  }
  r.set = !r.entries.empty();
  r.value = JoinMap(r.entries);
  r.origin = r.set ? SettingOrigin::kCommandLine : SettingOrigin::kUnset;
  std::set<std::string> sources;
  for (const auto& [k, e] : r.entries) sources.insert(e.source);
  for (const auto& s : sources) r.source += (r.source.empty() ? "" : "; ") + s;
  if (!ignored.empty()) r.source += (r.source.empty() ? "" : "; ") + ignored;
  return r;
}

ResolvedSetting ComponentSettings::Resolve(const std::string& name) const {
  ResolvedSetting r;
  r.name = name;
  Query q;
  q.name = name;
  q.flag = spec_.FindFlag(name);
  q.config_key = q.flag ? q.flag->config_key : "";
  q.suffix = instance_.DeclaredSuffix();
  r.type = q.flag ? q.flag->type : (spec_.IsBool(name) ? FlagType::kBool : FlagType::kString);
  if (instance_.unverifiable) {
    r.unverifiable = instance_.unverifiable;
    r.cause = UnknownCause::kDeclarationUnreadable;
    r.source = instance_.kind == InstanceKind::kEmbedded ? "runs inside " + instance_.declared_in
                                                         : "declared in " + instance_.declared_in + ", not observed";
    return r;
  }
  if (r.type == FlagType::kMap) return ResolveMap(q, std::move(r));
  std::string ignored;  // a flag the config file made the component ignore, said in `source`
  for (SettingLayer layer : spec_.precedence.layers) {
    Step step = Step::kNext;
    switch (layer) {
      case SettingLayer::kCommandLine: step = FromCommandLine(q, r, ignored); break;
      case SettingLayer::kConfigDir:
      case SettingLayer::kConfigFile: step = FromConfigSources(q, layer, r); break;
      case SettingLayer::kDefault: step = FromDefault(q, r); break;
    }
    if (step == Step::kDecided) break;
  }
  if (!ignored.empty()) r.source += (r.source.empty() ? "" : "; ") + ignored;
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
