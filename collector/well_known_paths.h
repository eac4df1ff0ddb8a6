// The well-known paths: where kubeadm, EKS, AKS, GKE/COS, k3s, RKE2, Bottlerocket, microk8s and
// plain systemd layouts keep what the CIS benchmark audits. Data, in one place.
#pragma once

#include <span>
#include <string_view>

#include "collector/file_kind.h"

namespace kubeproof {

struct WellKnownPath {
  std::string_view path;
  FileKind kind;
  std::string_view why;  // recorded in files.json "why"
};

std::span<const WellKnownPath> WellKnownPaths();

// Units of Kubernetes services whose declared configuration stands in for a missing process.
std::span<const std::string_view> KubernetesUnitNames();

}  // namespace kubeproof
