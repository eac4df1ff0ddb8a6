// DistributionSpec and DistributionCatalog: what a distribution that starts the Kubernetes
// components inside its own process (k3s) passes each of them, per Kubernetes minor version, and
// where its own configuration lives. Loaded from benchmarks/distributions/*.yaml (schema/RULES.md).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kubeproof {

struct ComponentCatalog;

// Flags passed only when one of the distribution's own options has a value (secrets-encryption).
struct ArgsWhenOption {
  std::string option;
  std::string equals = "true";
  std::vector<std::string> args;  // "name=value"
};

// What the distribution passes one embedded component for a range of Kubernetes minor versions.
struct EmbeddedRelease {
  int first_minor = 0;
  int last_minor = 1000;
  std::vector<std::string>
      args;  // "name=value", as the distribution logs them; {data-dir} expanded
  std::vector<ArgsWhenOption> args_when_option;
  // Flags the distribution does not pass when the user passes one of the listed flags.
  std::map<std::string, std::vector<std::string>> omitted_when_user_passes;
  // Flags passed with a value the evidence cannot show, and why.
  std::map<std::string, std::string> undetermined;
  // Flags whose value the distribution derives from one of the listed options when it is set.
  std::map<std::string, std::vector<std::string>> varies_with_options;
  // User args the distribution takes for itself instead of passing them on (kubelet config).
  std::vector<std::string> consumed_args;
};

struct EmbeddedComponent {
  std::string component;               // kube-apiserver
  std::vector<std::string> processes;  // distribution processes that run it, e.g. k3s-server
  std::string arg_option;              // the option carrying the user's flags: kube-apiserver-arg
  std::string disabled_by_option;      // a true option that keeps it from running
  std::string present_if_file;         // it runs only when this file exists ({data-dir} expanded)
  std::vector<EmbeddedRelease> releases;

  const EmbeddedRelease* ReleaseFor(int minor) const;
  // "1.19-1.35": the minor versions the releases cover, for messages.
  std::string CoveredVersions() const;
};

// The distribution's own config file and its drop-in directory.
struct DistributionConfigFile {
  std::vector<std::string> flags;  // options naming another file: config, c
  std::string default_path;        // /etc/rancher/k3s/config.yaml
  std::string drop_in_suffix;      // PATH + suffix is the drop-in directory (".d")
  std::vector<std::string>
      drop_in_extensions;  // file names read there, compared case-insensitively
};

struct DistributionSpec {
  std::string distribution;            // k3s
  std::vector<std::string> processes;  // its processes as the evidence names them
  DistributionConfigFile config_file;
  std::vector<std::string> data_dir_options;  // data-dir, d
  std::string data_dir_default;               // /var/lib/rancher/k3s
  std::vector<std::string> bool_options;      // options that never take the next word
  std::map<std::string, EmbeddedComponent> embedded;
};

struct DistributionCatalog {
  std::map<std::string, DistributionSpec> distributions;

  // Every distribution that runs `component` in-process, with its facts for it.
  std::vector<std::pair<const DistributionSpec*, const EmbeddedComponent*>> Embedding(
      const std::string& component) const;
};

// Parses one distributions/<d>.yaml; `origin` names the file in errors.
Result<DistributionSpec> ParseDistributionSpec(const std::string& yaml_text,
                                               const std::string& origin);

// Loads every <dir>/*.yaml; a missing directory is an empty catalog. Each embedded component must
// be one `components` describes.
Result<DistributionCatalog> LoadDistributionCatalog(const std::filesystem::path& dir,
                                                    const ComponentCatalog& components);

// "name=value" -> {name, value}; a bare "name" is {name, "true"}, as k3s reads it.
std::pair<std::string, std::string> SplitArg(const std::string& arg);

}  // namespace kubeproof
