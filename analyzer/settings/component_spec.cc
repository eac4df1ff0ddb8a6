#include "analyzer/settings/component_spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "analyzer/documents/rule_files.h"
#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {
namespace {

int ParseMinor(const std::string& text) {
  // "1.18" -> 18; anything else is refused by the caller.
  if (text.rfind("1.", 0) != 0 || text.size() < 3) return -1;
  int minor = 0;
  for (std::size_t i = 2; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    minor = minor * 10 + (text[i] - '0');
  }
  return minor;
}

std::optional<FlagType> ParseFlagType(const std::string& t) {
  if (t == "bool") return FlagType::kBool;
  if (t == "string") return FlagType::kString;
  if (t == "int") return FlagType::kInt;
  if (t == "duration") return FlagType::kDuration;
  if (t == "list") return FlagType::kList;
  if (t == "map") return FlagType::kMap;
  return std::nullopt;
}

Result<ComponentSpec> Parse(const YAML::Node& root, const std::string& origin) {
  Status s = CheckKeys(root,
                       {"component", "flag_syntax", "config_file_flag", "config_dir_flag",
                        "static_pod_manifests", "systemd_units", "precedence", "flags", "bool_flags",
                        "admission_plugins", "notes"},
                       origin);
  if (!s.ok()) return s;
  ComponentSpec spec;
  if (!root["component"]) return Status::InvalidArgument(origin + ": missing key 'component'");
  spec.component = root["component"].as<std::string>();
  std::string syntax = root["flag_syntax"] ? root["flag_syntax"].as<std::string>() : "pflag";
  if (syntax == "pflag") {
    spec.syntax = FlagSyntax::kPflag;
  } else if (syntax == "go-flag") {
    spec.syntax = FlagSyntax::kGoFlag;
  } else {
    return Status::InvalidArgument(origin + ": flag_syntax must be pflag or go-flag, not '" + syntax + "'");
  }
  if (root["config_file_flag"]) spec.config_file_flag = root["config_file_flag"].as<std::string>();
  if (root["config_dir_flag"]) spec.config_dir_flag = root["config_dir_flag"].as<std::string>();
  spec.static_pod_manifests = StringList(root["static_pod_manifests"]);
  spec.systemd_units = StringList(root["systemd_units"]);
  spec.bool_flags = StringList(root["bool_flags"]);
  const bool has_file = !spec.config_file_flag.empty(), has_dir = !spec.config_dir_flag.empty();
  if (const YAML::Node precedence = root["precedence"]) {
    auto parsed = ParsePrecedence(precedence, origin + ": precedence", has_file, has_dir);
    if (!parsed.ok()) return parsed.status();
    spec.precedence = std::move(parsed).value();
  } else {
    spec.precedence = DefaultPrecedence(has_file, has_dir);
  }
  if (const YAML::Node flags = root["flags"]) {
    if (!flags.IsMap()) return Status::InvalidArgument(origin + ": flags must be a map");
    for (const auto& kv : flags) {
      FlagSpec flag;
      flag.name = kv.first.as<std::string>();
      std::string where = origin + ": flag " + flag.name;
      const YAML::Node& f = kv.second;
      s = CheckKeys(f, {"type", "config_key", "config_only", "zero_defaulted", "default", "notes"}, where);
      if (!s.ok()) return s;
      std::string type = f["type"] ? f["type"].as<std::string>() : "string";
      auto parsed = ParseFlagType(type);
      if (!parsed) return Status::InvalidArgument(where + ": unknown type '" + type + "'");
      flag.type = *parsed;
      if (f["config_key"]) flag.config_key = f["config_key"].as<std::string>();
      if (f["config_only"]) flag.config_only = f["config_only"].as<bool>();
      if (f["zero_defaulted"]) flag.zero_defaulted = f["zero_defaulted"].as<bool>();
      if (flag.config_only && flag.config_key.empty()) {
        return Status::InvalidArgument(where + ": config_only needs a config_key");
      }
      if (flag.zero_defaulted && flag.config_key.empty()) {
        return Status::InvalidArgument(where + ": zero_defaulted needs a config_key");
      }
      for (const auto& d : f["default"]) {
        s = CheckKeys(d, {"versions", "flag", "config"}, where + ": default");
        if (!s.ok()) return s;
        if (!d["versions"]) return Status::InvalidArgument(where + ": default without versions");
        auto range = ParseVersionRange(d["versions"].as<std::string>());
        if (!range.ok()) return range.status().WithContext(where);
        DefaultRange r;
        r.first_minor = range->first;
        r.last_minor = range->second;
        if (d["flag"]) r.flag = d["flag"].as<std::string>();
        r.config = d["config"] ? std::optional<std::string>(d["config"].as<std::string>()) : r.flag;
        flag.defaults.push_back(r);
      }
      spec.flags[flag.name] = std::move(flag);
    }
  }
  if (const YAML::Node ap = root["admission_plugins"]) {
    std::string where = origin + ": admission_plugins";
    s = CheckKeys(ap, {"enable_flag", "disable_flag", "legacy_flag", "default_enabled"}, where);
    if (!s.ok()) return s;
    AdmissionPluginSpec a;
    a.enable_flag = ap["enable_flag"] ? ap["enable_flag"].as<std::string>() : "enable-admission-plugins";
    a.disable_flag = ap["disable_flag"] ? ap["disable_flag"].as<std::string>() : "disable-admission-plugins";
    if (ap["legacy_flag"]) a.legacy_flag = ap["legacy_flag"].as<std::string>();
    for (const auto& d : ap["default_enabled"]) {
      s = CheckKeys(d, {"versions", "plugins"}, where + ": default_enabled");
      if (!s.ok()) return s;
      if (!d["versions"]) return Status::InvalidArgument(where + ": default_enabled without versions");
      auto range = ParseVersionRange(d["versions"].as<std::string>());
      if (!range.ok()) return range.status().WithContext(where);
      a.default_enabled.push_back({range->first, range->second, StringList(d["plugins"])});
    }
    spec.admission_plugins = std::move(a);
  }
  return spec;
}

}  // namespace

Result<std::pair<int, int>> ParseVersionRange(const std::string& text) {
  auto dash = text.find('-');
  std::string lo = dash == std::string::npos ? text : text.substr(0, dash);
  std::string hi = dash == std::string::npos ? text : text.substr(dash + 1);
  int first = lo.empty() ? 0 : ParseMinor(lo);
  int last = hi.empty() ? 1000 : ParseMinor(hi);
  if (first < 0 || last < 0 || first > last) {
    return Status::InvalidArgument("bad version range '" + text + "' (want 1.A-1.B, 1.A-, -1.B or 1.A)");
  }
  return std::make_pair(first, last);
}

std::string_view FlagTypeName(FlagType type) {
  switch (type) {
    case FlagType::kBool: return "bool";
    case FlagType::kString: return "string";
    case FlagType::kInt: return "int";
    case FlagType::kDuration: return "duration";
    case FlagType::kList: return "list";
    case FlagType::kMap: return "map";
  }
  return "string";
}

const FlagSpec* ComponentSpec::FindFlag(const std::string& name) const {
  auto it = flags.find(name);
  return it == flags.end() ? nullptr : &it->second;
}

bool ComponentSpec::IsBool(const std::string& name) const {
  const FlagSpec* f = FindFlag(name);
  if (f != nullptr) return f->type == FlagType::kBool;
  return std::find(bool_flags.begin(), bool_flags.end(), name) != bool_flags.end();
}

std::optional<std::string> ComponentSpec::DefaultFor(const std::string& name, int minor,
                                                     bool config_in_use) const {
  const FlagSpec* f = FindFlag(name);
  if (f == nullptr) return std::nullopt;
  for (const auto& d : f->defaults) {
    if (minor >= d.first_minor && minor <= d.last_minor) return config_in_use ? d.config : d.flag;
  }
  return std::nullopt;
}

const ComponentSpec* ComponentCatalog::Find(const std::string& component) const {
  auto it = components.find(component);
  return it == components.end() ? nullptr : &it->second;
}

Result<ComponentSpec> ParseComponentSpec(const std::string& yaml_text, const std::string& origin) {
  return ParseRuleDocument(yaml_text, origin, [&](const YAML::Node& root) { return Parse(root, origin); });
}

Result<ComponentCatalog> LoadComponentCatalog(const std::filesystem::path& dir) {
  ComponentCatalog catalog;
  auto files = ReadYamlFilesIn(dir);
  if (!files.ok()) return files.status();
  for (const auto& [path, text] : *files) {
    auto spec = ParseComponentSpec(text, path.string());
    if (!spec.ok()) return spec.status();
    std::string name = spec->component;
    if (catalog.components.count(name)) {
      return Status::InvalidArgument(path.string() + ": component " + name + " defined twice");
    }
    catalog.components[name] = std::move(spec).value();
  }
  return catalog;
}

}  // namespace kubeproof
