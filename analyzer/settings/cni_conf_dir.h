// The CNI configuration directory a node uses, for the CNI file checks: the kubelet's
// --cni-conf-dir while dockershim ran CNI (Kubernetes 1.23 and earlier), else the container
// runtime's own setting (containerd conf_dir, CRI-O network_dir), else that runtime's default.
#pragma once

#include <string>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/settings/effective_settings.h"
#include "common/status.h"

namespace kubeproof {

struct CniConfDir {
  std::string path;    // absolute, normalised
  std::string source;  // why this one: "conf_dir in containerd config /etc/containerd/config.toml"
};

// `kubelet` may be null or absent. Errors: IoError naming the file when the configuration that
// decides exists but could not be read; the setting's reason when the kubelet's flag is unknown.
Result<CniConfDir> ChooseCniConfDir(const NodeEvidence& evidence, const ComponentSettings* kubelet);

}  // namespace kubeproof
