// PrecedenceSpec: the order in which one component reads a setting from its command line,
// its --config-dir drop-ins, its --config file and its compiled-in defaults, and which flags it
// ignores once a config file is given. Declared per component in components/<c>.yaml
// (`precedence:`, schema/RULES.md) and applied by ComponentSettings.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubeproof {

enum class SettingLayer { kCommandLine, kConfigDir, kConfigFile, kDefault };

// How a component reads the files of its drop-in directory.
struct ConfigDirRule {
  int first_minor = 0;    // the flag exists from this Kubernetes minor version ...
  int last_minor = 1000;  // ... through this one
  std::string extension;  // only names with this exact extension are read (".conf")
  // Subdirectories are walked in place, in name order (Go's filepath.WalkDir).
  bool recursive = false;
  // Versions whose defaulting runs again after the merge, so a drop-in's zero value of a
  // `zero_defaulted` field is replaced as the config file's is; other versions keep it.
  int defaulted_first_minor = 1001;
  int defaulted_last_minor = 1000;

  bool DefaultsDropIns(int minor) const {
    return minor >= defaulted_first_minor && minor <= defaulted_last_minor;
  }
};

struct PrecedenceSpec {
  std::vector<SettingLayer> layers;  // highest precedence first; kDefault is last
  ConfigDirRule config_dir;
  // With a config file in use the component ignores these flags: every flag but `kept_flags`
  // when `ignores_all_flags`, else those in `ignored_flags`.
  bool ignores_all_flags = false;
  std::set<std::string> kept_flags;
  std::set<std::string> ignored_flags;
  // A relative path in the config file is taken relative to the file's directory (the kubelet).
  bool paths_relative_to_config_file = false;

  bool Has(SettingLayer layer) const;
  // True when a config file in use makes the component ignore --`flag`.
  bool IgnoredWithConfigFile(const std::string& flag) const;
};

// "command-line", "config-dir", "config-file", "default".
std::string_view SettingLayerName(SettingLayer layer);

// The precedence a component file without `precedence:` gets: command line, then whichever of
// drop-ins and config file it has flags for, then defaults; no flag ignored.
PrecedenceSpec DefaultPrecedence(bool has_config_file, bool has_config_dir);

// Parses `precedence:`; the layers must match the component's config flags.
Result<PrecedenceSpec> ParsePrecedence(const YAML::Node& node, const std::string& where,
                                       bool has_config_file, bool has_config_dir);

}  // namespace kubeproof
