// The Kubernetes version of a node as its evidence shows it, and where it came from: what picks
// the benchmark for the node and the defaults its components run with.
#pragma once

#include <optional>
#include <string>

#include "analyzer/evidence/node_evidence.h"

namespace kubeproof {

struct NodeVersion {
  int minor = 0;       // 1.MINOR
  std::string text;    // as found, e.g. "v1.33.1" or "1.33.1-1.1"
  std::string origin;  // "kubelet: image tag in /etc/kubernetes/manifests/...": the evidence it rests on
};

// The node's version: the kubelet's when the evidence shows it, else the API server's, else any
// other component's; nullopt when the evidence shows none.
std::optional<NodeVersion> DetectNodeVersion(const NodeEvidence& evidence);

// "v1.20.4", "1.20", "v1.24.4-rke2r1" -> 20; nullopt when not a 1.x version.
std::optional<int> ParseKubernetesMinor(const std::string& version);

}  // namespace kubeproof
