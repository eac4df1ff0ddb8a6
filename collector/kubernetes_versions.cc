#include "collector/kubernetes_versions.h"

#include <array>
#include <regex>

namespace kubeproof {

std::vector<VersionSeen> VersionsFromManifest(std::string_view path, std::string_view text) {
  // registry/.../name[-arch]:tag[@digest]
  static const std::regex kImage(
      R"re(image:\s*["']?(?:[^\s"'@]*/)?([a-z0-9-]+?)(?:-(?:amd64|arm64|arm|ppc64le|s390x))?:([A-Za-z0-9._+-]+))re");
  constexpr std::array<std::string_view, 5> kComponents = {
      "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "etcd"};
  std::vector<VersionSeen> seen;
  std::string body(text);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kImage); it != std::sregex_iterator();
       ++it) {
    std::string name = (*it)[1].str();
    std::string tag = (*it)[2].str();
    std::string component;
    for (std::string_view c : kComponents) {
      if (name == c) component = std::string(c);
    }
    // RKE2 runs every control-plane component from one hardened-kubernetes image.
    if (component.empty() && name == "hardened-kubernetes") {
      for (std::string_view c : kComponents) {
        if (path.find(c) != std::string_view::npos) component = std::string(c);
      }
      size_t build = tag.find("-build");
      if (build != std::string::npos) tag = tag.substr(0, build);
    }
    if (component.empty()) continue;
    seen.push_back({component, tag, "image tag in " + std::string(path)});
  }
  return seen;
}

}  // namespace kubeproof
