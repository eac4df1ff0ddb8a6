#include "analyzer/evidence/node_version.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kubeproof {
namespace {

// What speaks for the node's version, best first (see DetectNodeVersion).
constexpr std::array<std::string_view, 8> kNodeVersionOrder = {
    "kubelet",        "k3s", "rke2", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
    "kube-proxy",     "kubeadm",
};

// Digits at `i` (at most 4), advancing `i`; nullopt when there are none.
std::optional<int> Number(const std::string& s, std::size_t& i) {
  int value = 0;
  std::size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4) {
    value = value * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  return value;
}

// (minor, patch) of a 1.x version; patch -1 when there is none.
std::optional<std::pair<int, int>> MinorAndPatch(const std::string& version) {
  std::size_t i = (!version.empty() && version[0] == 'v') ? 1 : 0;
  if (version.compare(i, 2, "1.") != 0) return std::nullopt;
  i += 2;
  std::optional<int> minor = Number(version, i);
  if (!minor) return std::nullopt;
  int patch = -1;
  if (i < version.size() && version[i] == '.') {
    ++i;
    patch = Number(version, i).value_or(-1);
  }
  return std::make_pair(*minor, patch);
}

}  // namespace

std::optional<int> ParseKubernetesMinor(const std::string& version) {
  if (auto v = MinorAndPatch(version)) return v->first;
  return std::nullopt;
}

const KubernetesVersionSeen* NewestVersionOf(const NodeEvidence& evidence, std::string_view component) {
  const KubernetesVersionSeen* best = nullptr;
  std::pair<int, int> best_version;
  for (const KubernetesVersionSeen& v : evidence.bundle.kubernetes_versions) {
    if (v.component != component) continue;
    auto parsed = MinorAndPatch(v.version);
    if (parsed && (best == nullptr || *parsed > best_version)) {
      best = &v;
      best_version = *parsed;
    }
  }
  return best;
}

std::optional<NodeVersion> DetectNodeVersion(const NodeEvidence& evidence) {
  for (std::string_view component : kNodeVersionOrder) {
    const KubernetesVersionSeen* chosen = NewestVersionOf(evidence, component);
    if (chosen == nullptr) continue;
    NodeVersion node{*ParseKubernetesMinor(chosen->version), chosen->version, chosen->component + ": " + chosen->source, {}};
    // An upgrade moves the control plane first: its components may already show the next minor.
    for (const KubernetesVersionSeen& v : evidence.bundle.kubernetes_versions) {
      bool counted = false;
      for (std::string_view c : kNodeVersionOrder) counted = counted || v.component == c;
      auto minor = ParseKubernetesMinor(v.version);
      std::string seen = v.component + " " + v.version;
      if (counted && minor && *minor != node.minor &&
          std::find(node.disagreeing.begin(), node.disagreeing.end(), seen) == node.disagreeing.end()) {
        node.disagreeing.push_back(std::move(seen));
      }
    }
    if (!node.disagreeing.empty()) {
      node.origin += "; differs:";
      for (std::size_t i = 0; i < node.disagreeing.size(); ++i) {
        node.origin += (i == 0 ? " " : ", ") + node.disagreeing[i];
      }
    }
    return node;
  }
  return std::nullopt;
}

}  // namespace kubeproof
