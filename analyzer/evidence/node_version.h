// The Kubernetes version of a node as its evidence shows it, and where it came from: what picks
// the benchmark for the node and the defaults its components run with.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/evidence/node_evidence.h"

namespace kubeproof {

struct NodeVersion {
  int minor = 0;       // 1.MINOR
  std::string text;    // as found, e.g. "v1.33.1" or "1.33.1-1.1"
  std::string origin;  // "kubelet: image tag in /etc/kubernetes/manifests/...": the evidence it rests on
  // Versions of other components on the node with another minor (an upgrade under way), in
  // bundle order: "kube-apiserver v1.33.1". The origin ends with them too.
  std::vector<std::string> disagreeing;
};

// The node's version, by the first component in this order whose evidence shows one:
//   kubelet         what every node runs, and what the node's own checks judge; its package
//                   (dpkg database, dnf/yum log), release directory (RKE2) or saved --version
//                   (EKS) says what is installed
//   k3s, rke2       a distribution's own package: it runs the kubelet of its release
//   kube-apiserver  the control plane's image tag, on a node whose kubelet shows no version
//   kube-controller-manager, kube-scheduler, kube-proxy
//   kubeadm         set the node up or upgraded it; last, as an upgrade moves it first
// Never kubectl (a client of any version) nor etcd (its own numbering). A component with several
// versions gives its newest (minor, then patch; bundle order on a tie). Every component's own
// defaults still come from its own evidence first (ChooseVersion); this picks the benchmark.
// nullopt when the evidence shows no version.
std::optional<NodeVersion> DetectNodeVersion(const NodeEvidence& evidence);

// The newest version entry of `component` (minor, then patch; the first on a tie); nullptr when
// none of its entries is a 1.x version.
const KubernetesVersionSeen* NewestVersionOf(const NodeEvidence& evidence, std::string_view component);

// "v1.20.4", "1.20", "v1.24.4-rke2r1" -> 20; nullopt when not a 1.x version.
std::optional<int> ParseKubernetesMinor(const std::string& version);

}  // namespace kubeproof
