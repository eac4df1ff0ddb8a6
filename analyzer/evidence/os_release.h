// The node's os-release as the bundle copied it: what platform detection and the Kubernetes
// version of a single-purpose OS (Bottlerocket) read.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "analyzer/evidence/node_evidence.h"

namespace kubeproof {

struct OsRelease {
  std::string path;                           // the file the fields came from
  std::map<std::string, std::string> fields;  // KEY -> value, quotes removed
};

// /etc/os-release when its content is in the bundle, else /usr/lib/os-release, as systemd reads
// them; nullopt when neither was copied.
std::optional<OsRelease> ReadOsRelease(const NodeEvidence& evidence);

// A Bottlerocket variant builds in one Kubernetes minor (VARIANT_ID=aws-k8s-1.29): that version is
// the kubelet's, added to the bundle's versions unless the kubelet already has one.
void AddOsReleaseKubernetesVersion(NodeEvidence* evidence);

}  // namespace kubeproof
