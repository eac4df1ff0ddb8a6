// Kubernetes versions seen on the node: image tags of static pod manifests (kubeadm, RKE2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

struct VersionSeen {
  std::string component;
  std::string version;
  std::string source;
};

// Versions from the `image:` lines of a static pod manifest at `path`.
std::vector<VersionSeen> VersionsFromManifest(std::string_view path, std::string_view text);

}  // namespace kubeproof
