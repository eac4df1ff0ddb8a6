// ConfigSource: one config file or drop-in a component reads, flattened, or why it could not be
// read; and the drop-ins of a directory in the order the component applies them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/config/config_values.h"
#include "analyzer/evidence/node_evidence.h"
#include "analyzer/settings/precedence.h"

namespace kubeproof {

struct ConfigSource {
  std::string path;
  std::string label;  // "config file PATH" or "drop-in PATH"
  SettingLayer layer = SettingLayer::kConfigFile;
  std::optional<std::string> problem;  // not collected, absent, unreadable, unparsable
  std::vector<ConfigValue> values;     // the first YAML document's rows
};

// The file at `path`, as the components decode it: its first YAML document only.
ConfigSource LoadConfigSource(const NodeEvidence& evidence, const std::string& path,
                              const std::string& label, SettingLayer layer);

// The files `rule` makes the component read in drop-in directory `dir`, in the order it applies
// them (a later one wins). A subdirectory the evidence shows nothing beneath, or a directory that
// could not be listed, is a source with a problem: it may hold drop-ins.
std::vector<ConfigSource> LoadDropIns(const NodeEvidence& evidence, const std::string& dir,
                                      const ConfigDirRule& rule);

}  // namespace kubeproof
