#include "analyzer/evidence/node_version.h"

#include <array>
#include <string_view>

namespace kubeproof {

std::optional<int> ParseKubernetesMinor(const std::string& version) {
  std::size_t i = (!version.empty() && version[0] == 'v') ? 1 : 0;
  if (version.compare(i, 2, "1.") != 0) return std::nullopt;
  i += 2;
  int minor = 0;
  std::size_t start = i;
  while (i < version.size() && version[i] >= '0' && version[i] <= '9' && i - start < 4) {
    minor = minor * 10 + (version[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  return minor;
}

std::optional<NodeVersion> DetectNodeVersion(const NodeEvidence& evidence) {
  // The kubelet is on every node and is what the node's benchmark sections mostly judge.
  constexpr std::array<std::string_view, 2> kPreferred = {"kubelet", "kube-apiserver"};
  auto make = [](const KubernetesVersionSeen& v, int minor) {
    return NodeVersion{minor, v.version, v.component + ": " + v.source};
  };
  for (std::string_view component : kPreferred) {
    for (const auto& v : evidence.bundle.kubernetes_versions) {
      if (v.component != component) continue;
      if (auto minor = ParseKubernetesMinor(v.version)) return make(v, *minor);
    }
  }
  for (const auto& v : evidence.bundle.kubernetes_versions) {
    if (auto minor = ParseKubernetesMinor(v.version)) return make(v, *minor);
  }
  return std::nullopt;
}

}  // namespace kubeproof
