#include "collector/kubernetes_versions.h"

#include <algorithm>
#include <array>
#include <regex>
#include <tuple>

#include "common/command_line_filter.h"

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

std::optional<VersionSeen> VersionFromProgramPath(std::string_view component,
                                                  std::string_view program, long long pid) {
  // Named in the source only when processes.json keeps the same word unredacted.
  if (!IsProgramWord(program)) return std::nullopt;
  std::size_t slash = program.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::string_view directory = program.substr(0, slash);
  std::string_view name = directory.substr(directory.rfind('/') + 1);
  if (name.substr(0, 3) != "v1." || !IsVersionString(name)) return std::nullopt;
  return VersionSeen{std::string(component), std::string(name),
                     "directory of the running program " + std::string(program) + " (pid " +
                         std::to_string(pid) + ")"};
}

bool IsVersionString(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t first = text[0] == 'v' ? 1 : 0;
  if (first >= text.size() || !digit(text[first])) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string_view(".+~:_-").find(c) != std::string_view::npos;
  });
}

std::optional<std::string_view> ComponentOfPackage(std::string_view package) {
  struct PackageComponent {
    std::string_view package;
    std::string_view component;
  };
  // The upstream packages (pkgs.k8s.io, the older apt/yum repositories), and the distributions'
  // own: rke2-common holds the rke2 binary (rke2-server and -agent only its units); k3s where a
  // distribution packages it. kubeadm and kubectl are recorded, never taken for the kubelet.
  constexpr std::array kPackages = {
      PackageComponent{"kubelet", "kubelet"},  PackageComponent{"kubeadm", "kubeadm"},
      PackageComponent{"kubectl", "kubectl"},  PackageComponent{"k3s", "k3s"},
      PackageComponent{"rke2-common", "rke2"},
  };
  for (const PackageComponent& p : kPackages) {
    if (p.package == package) return p.component;
  }
  return std::nullopt;
}

void SortVersions(std::vector<VersionSeen>& versions) {
  auto key = [](const VersionSeen& v) { return std::tie(v.component, v.version, v.source); };
  std::sort(versions.begin(), versions.end(),
            [&](const VersionSeen& a, const VersionSeen& b) { return key(a) < key(b); });
  versions.erase(
      std::unique(versions.begin(), versions.end(),
                  [&](const VersionSeen& a, const VersionSeen& b) { return key(a) == key(b); }),
      versions.end());
}

}  // namespace kubeproof
