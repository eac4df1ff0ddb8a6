// Effective settings of one component on one node, read through the layers its precedence
// names (command line, --config-dir drop-ins, --config file, the compiled-in default for the
// Kubernetes version), each value with the layer that won and where it came from.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/config/config_values.h"
#include "analyzer/evidence/node_evidence.h"
#include "analyzer/settings/component_instance.h"
#include "analyzer/settings/config_sources.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

enum class SettingOrigin { kUnset, kCommandLine, kConfigDir, kConfigFile, kDefault };

// Why a setting's value cannot be known.
enum class UnknownCause {
  kConfigUnreadable,       // a config file or drop-in that could set it was not read
  kDistributionChoice,     // the distribution running it chooses it, and the evidence does not show how
  kDeclarationUnreadable,  // the declaration naming the command line was not read
};

struct MapEntry {
  std::string value;
  std::string source;
  // Set when a config source above this value's could not be read: it may override the key.
  std::optional<std::string> unverifiable;
};

struct ResolvedSetting {
  std::string name;
  FlagType type = FlagType::kString;
  bool set = false;
  std::string value;               // scalar; list joined with ','; map as k=v,k=v
  std::vector<std::string> items;  // list elements
  std::map<std::string, MapEntry> entries;  // map keys, each with its own source
  SettingOrigin origin = SettingOrigin::kUnset;
  std::string from_file;  // the config file or drop-in the value came from, for kConfigFile/kConfigDir
  std::string source;
  // Set when the value cannot be known: e.g. the config file that could hold it is unreadable.
  std::optional<std::string> unverifiable;
  UnknownCause cause = UnknownCause::kConfigUnreadable;
};

// The Kubernetes version used for a component's defaults, and why.
struct VersionChoice {
  int minor = 18;
  std::string text;    // "1.18"
  std::string origin;  // "kubernetes_versions: image tag in ...", "--k8s-version", "assumed by cis-1.6.0"
  bool assumed = false;
};

class ComponentSettings {
 public:
  ComponentSettings(const ComponentSpec& spec, const NodeEvidence& evidence, ComponentInstance instance,
                    VersionChoice version);

  const ComponentInstance& instance() const { return instance_; }
  const ComponentSpec& spec() const { return spec_; }
  const VersionChoice& version() const { return version_; }
  // Resolves a setting by flag name (without dashes); unknown names resolve from the command line.
  ResolvedSetting Resolve(const std::string& name) const;
  // Resolve for a setting whose value names a file: a relative path on the command line is joined
  // to the instance's working directory; when that is unknown, or the relative path comes from
  // anywhere else, the setting is unverifiable rather than taken as relative to "/".
  ResolvedSetting ResolvePath(const std::string& name) const;
  // Every setting the spec knows plus every flag on the command line, resolved, by name.
  std::vector<ResolvedSetting> ResolveAll() const;
  // The config file in use, if any, and whether it could be read.
  const std::optional<std::string>& config_path() const { return config_path_; }

 private:
  // What one layer says of a setting: nothing (the next layer decides), or the decision in `r`.
  enum class Step { kNext, kDecided };
  struct Query;  // one Resolve call: the setting's facts and what lower layers should know

  void LoadConfigs(const NodeEvidence& evidence);
  std::optional<std::string> CommandLineScalar(const std::string& name, std::string* source) const;
  Step FromCommandLine(const Query& q, ResolvedSetting& r, std::string& ignored) const;
  Step FromConfigSources(const Query& q, SettingLayer layer, ResolvedSetting& r) const;
  Step FromDefault(const Query& q, ResolvedSetting& r) const;
  // The decision for a setting the distribution's own flags, unknown here, may set.
  Step DistributionChoice(const Query& q, ResolvedSetting& r) const;
  ResolvedSetting ResolveMap(const Query& q, ResolvedSetting r) const;
  // Why a value from the distribution's own flags or config files cannot be trusted, if so.
  std::optional<std::string> DistributionProblem() const;
  // `value` as an absolute, normalised node path, or why it cannot be one.
  Result<std::string> AbsolutePath(const std::string& value, SettingOrigin origin,
                                   const std::string& from_file = "") const;

  const ComponentSpec& spec_;
  ComponentInstance instance_;
  VersionChoice version_;
  std::optional<std::string> config_path_;
  std::vector<ConfigSource> configs_;  // lowest precedence first: main file, then drop-ins in order
};

// Normalises a value for its type: booleans to "true"/"false"; others unchanged.
std::string NormaliseValue(FlagType type, const std::string& value);

// Picks the version for a component: override; the component's own evidence (its newest
// kubernetes_versions entry, then its manifest's image tag); a distribution's package (k3s,
// rke2); the node's version (DetectNodeVersion); else `assumed`. So during an upgrade the API
// server's defaults follow its image tag while the kubelet's follow its package.
VersionChoice ChooseVersion(const std::string& component, const NodeEvidence& evidence,
                            const ComponentInstance& instance, const std::optional<std::string>& override_version,
                            const std::string& assumed_version, const std::string& assumed_by);

}  // namespace kubeproof
