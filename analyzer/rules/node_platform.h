// The platform a node's evidence shows (EKS, AKS, GKE, k3s, RKE2, kubeadm) and the markers it
// rests on: what picks a managed platform's own benchmark for the node.
#pragma once

#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/platform_catalog.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

inline constexpr const char* kUnknownPlatform = "unknown";

struct NodePlatform {
  std::string platform = kUnknownPlatform;  // a catalog id, or "unknown"
  std::string title = "no known platform";
  std::string variant;  // "Amazon Linux 2023 (nodeadm)"; empty when unknown
  // The evidence: "file /etc/eks/kubelet/environment"; for unknown, that no markers showed. Ends
  // with the other platforms whose markers also showed, when any did.
  std::string origin;

  bool known() const { return platform != kUnknownPlatform; }
};

// The lowest-ranked platform one of whose markers shows, with its first marker shown and the
// first of its variants that fits. `components` parses the processes' flags as each component does.
NodePlatform DetectNodePlatform(const NodeEvidence& evidence, const PlatformCatalog& catalog,
                                const ComponentCatalog& components);

}  // namespace kubeproof
