// ComponentSpec and ComponentCatalog: the Kubernetes facts about each component (flag types,
// config-file keys, defaults per version, where a declared instance lives), loaded from
// benchmarks/components/*.yaml.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/settings/precedence.h"
#include "common/status.h"

namespace kubeproof {

enum class FlagType { kBool, kString, kInt, kDuration, kList, kMap };

enum class FlagSyntax { kPflag, kGoFlag };

// A default for an inclusive range of Kubernetes minor versions (1.x).
struct DefaultRange {
  int first_minor = 0;
  int last_minor = 1000;
  std::optional<std::string> flag;    // default without a config file
  std::optional<std::string> config;  // default the config file's defaulting applies
};

struct FlagSpec {
  std::string name;
  FlagType type = FlagType::kString;
  std::string config_key;  // dotted key path in the config file, empty when none
  bool config_only = false;  // a config-file setting with no command-line flag
  bool zero_defaulted = false;  // the config file's defaulting replaces a zero value ("", 0, 0s)
  std::vector<DefaultRange> defaults;
};

struct PluginRange {
  int first_minor = 0;
  int last_minor = 1000;
  std::vector<std::string> plugins;
};

struct AdmissionPluginSpec {
  std::string enable_flag;   // enable-admission-plugins
  std::string disable_flag;  // disable-admission-plugins
  std::string legacy_flag;   // admission-control: replaces the default set when given
  std::vector<PluginRange> default_enabled;
};

struct ComponentSpec {
  std::string component;
  FlagSyntax syntax = FlagSyntax::kPflag;
  std::string config_file_flag;
  std::string config_dir_flag;
  std::vector<std::string> static_pod_manifests;
  std::vector<std::string> systemd_units;  // unit names, e.g. kubelet.service
  PrecedenceSpec precedence;               // which source of a setting wins
  std::map<std::string, FlagSpec> flags;
  std::vector<std::string> bool_flags;     // other boolean flags, so argv parses right
  std::optional<AdmissionPluginSpec> admission_plugins;

  const FlagSpec* FindFlag(const std::string& name) const;
  bool IsBool(const std::string& name) const;
  // The default in force for a Kubernetes minor version, with or without a config file.
  std::optional<std::string> DefaultFor(const std::string& name, int minor, bool config_in_use) const;
};

struct ComponentCatalog {
  std::map<std::string, ComponentSpec> components;

  const ComponentSpec* Find(const std::string& component) const;
};

// Parses one components/<c>.yaml; `origin` names the file in errors.
Result<ComponentSpec> ParseComponentSpec(const std::string& yaml_text, const std::string& origin);

// Loads every <dir>/*.yaml.
Result<ComponentCatalog> LoadComponentCatalog(const std::filesystem::path& dir);

// "1.16-1.20", "1.16-", "-1.20", "1.18" -> inclusive minor range.
Result<std::pair<int, int>> ParseVersionRange(const std::string& text);

std::string_view FlagTypeName(FlagType type);

}  // namespace kubeproof
