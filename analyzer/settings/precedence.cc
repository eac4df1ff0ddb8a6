#include "analyzer/settings/precedence.h"

#include <algorithm>
#include <optional>

#include "analyzer/settings/component_spec.h"
#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {
namespace {

std::optional<SettingLayer> ParseLayer(const std::string& name) {
  if (name == "command-line") return SettingLayer::kCommandLine;
  if (name == "config-dir") return SettingLayer::kConfigDir;
  if (name == "config-file") return SettingLayer::kConfigFile;
  if (name == "default") return SettingLayer::kDefault;
  return std::nullopt;
}

Status ParseLayers(const YAML::Node& node, const std::string& where, PrecedenceSpec& out) {
  for (const std::string& name : StringList(node)) {
    auto layer = ParseLayer(name);
    if (!layer) return Status::InvalidArgument(where + ": unknown layer '" + name + "'");
    if (out.Has(*layer))
      return Status::InvalidArgument(where + ": layer '" + name + "' listed twice");
    out.layers.push_back(*layer);
  }
  if (out.layers.empty() || out.layers.back() != SettingLayer::kDefault) {
    return Status::InvalidArgument(where + ": the last layer must be 'default'");
  }
  if (!out.Has(SettingLayer::kCommandLine))
    return Status::InvalidArgument(where + ": layer 'command-line' missing");
  return Status::Ok();
}

Status ParseConfigDir(const YAML::Node& node, const std::string& where, PrecedenceSpec& out) {
  Status s = CheckKeys(node, {"versions", "extension", "recursive", "defaulted"}, where);
  if (!s.ok()) return s;
  if (node["defaulted"]) {
    auto range = ParseVersionRange(node["defaulted"].as<std::string>());
    if (!range.ok()) return range.status().WithContext(where + ": defaulted");
    out.config_dir.defaulted_first_minor = range->first;
    out.config_dir.defaulted_last_minor = range->second;
  }
  if (node["versions"]) {
    auto range = ParseVersionRange(node["versions"].as<std::string>());
    if (!range.ok()) return range.status().WithContext(where);
    out.config_dir.first_minor = range->first;
    out.config_dir.last_minor = range->second;
  }
  if (node["extension"]) out.config_dir.extension = node["extension"].as<std::string>();
  if (node["recursive"]) out.config_dir.recursive = node["recursive"].as<bool>();
  return Status::Ok();
}

// `all`, `{all_except: [..]}` or a list of flag names.
Status ParseIgnored(const YAML::Node& node, const std::string& where, PrecedenceSpec& out) {
  if (node.IsScalar() && node.as<std::string>() == "all") {
    out.ignores_all_flags = true;
    return Status::Ok();
  }
  if (node.IsMap()) {
    Status s = CheckKeys(node, {"all_except"}, where);
    if (!s.ok()) return s;
    out.ignores_all_flags = true;
    for (const auto& f : StringList(node["all_except"])) out.kept_flags.insert(f);
    return Status::Ok();
  }
  if (!node.IsSequence())
    return Status::InvalidArgument(where +
                                   ": expected all, {all_except: [...]} or a list of flags");
  for (const auto& f : StringList(node)) out.ignored_flags.insert(f);
  return Status::Ok();
}

}  // namespace

bool PrecedenceSpec::Has(SettingLayer layer) const {
  return std::find(layers.begin(), layers.end(), layer) != layers.end();
}

bool PrecedenceSpec::IgnoredWithConfigFile(const std::string& flag) const {
  if (ignores_all_flags) return kept_flags.count(flag) == 0;
  return ignored_flags.count(flag) != 0;
}

std::string_view SettingLayerName(SettingLayer layer) {
  switch (layer) {
    case SettingLayer::kCommandLine:
      return "command-line";
    case SettingLayer::kConfigDir:
      return "config-dir";
    case SettingLayer::kConfigFile:
      return "config-file";
    case SettingLayer::kDefault:
      return "default";
  }
  return "default";
}

PrecedenceSpec DefaultPrecedence(bool has_config_file, bool has_config_dir) {
  PrecedenceSpec p;
  p.layers.push_back(SettingLayer::kCommandLine);
  if (has_config_dir) p.layers.push_back(SettingLayer::kConfigDir);
  if (has_config_file) p.layers.push_back(SettingLayer::kConfigFile);
  p.layers.push_back(SettingLayer::kDefault);
  return p;
}

Result<PrecedenceSpec> ParsePrecedence(const YAML::Node& node, const std::string& where,
                                       bool has_config_file, bool has_config_dir) {
  Status s =
      CheckKeys(node, {"layers", "config_dir", "flags_ignored_with_config_file", "paths_relative_to_config_file", "notes"}, where);
  if (!s.ok()) return s;
  PrecedenceSpec p;
  if (!node["layers"]) return Status::InvalidArgument(where + ": missing key 'layers'");
  s = ParseLayers(node["layers"], where + ": layers", p);
  if (!s.ok()) return s;
  // A layer without its flag, or a flag without its layer, would silently never be read.
  if (p.Has(SettingLayer::kConfigFile) != has_config_file) {
    return Status::InvalidArgument(where +
                                   ": layer 'config-file' and config_file_flag go together");
  }
  if (p.Has(SettingLayer::kConfigDir) != has_config_dir) {
    return Status::InvalidArgument(where + ": layer 'config-dir' and config_dir_flag go together");
  }
  if (const YAML::Node dir = node["config_dir"]) {
    if (!has_config_dir)
      return Status::InvalidArgument(where + ": config_dir without layer 'config-dir'");
    s = ParseConfigDir(dir, where + ": config_dir", p);
    if (!s.ok()) return s;
  }
  if (const YAML::Node relative = node["paths_relative_to_config_file"]) {
    if (!has_config_file) {
      return Status::InvalidArgument(where + ": paths_relative_to_config_file without layer 'config-file'");
    }
    p.paths_relative_to_config_file = relative.as<bool>();
  }
  if (const YAML::Node ignored = node["flags_ignored_with_config_file"]) {
    if (!has_config_file)
      return Status::InvalidArgument(
          where + ": flags_ignored_with_config_file without layer 'config-file'");
    s = ParseIgnored(ignored, where + ": flags_ignored_with_config_file", p);
    if (!s.ok()) return s;
  }
  return p;
}

}  // namespace kubeproof
