// Kubernetes versions seen on the node: image tags of static pod manifests (kubeadm, RKE2), and
// what every other version source must pass before its version is recorded.
#pragma once

#include <optional>
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

// The version a running component's program path names: minikube runs the kubelet from
// /var/lib/minikube/binaries/v1.25.3/kubelet. nullopt unless the program's directory is named
// by a 1.x version with a leading "v".
std::optional<VersionSeen> VersionFromProgramPath(std::string_view component,
                                                  std::string_view program, long long pid);

// True for a version as packages, image tags and release directories spell it: 1 to 64
// characters of [A-Za-z0-9.+~:_-], starting with a digit or with "v" and a digit. Anything
// else is never recorded, so no other text of a node file can leave it as a "version".
bool IsVersionString(std::string_view text);

// The component a package of a Kubernetes distribution stands for ("kubelet", "kubeadm",
// "kubectl", "k3s", "rke2"), or nullopt for every other package.
std::optional<std::string_view> ComponentOfPackage(std::string_view package);

// Sorted by component, version, source; duplicates removed.
void SortVersions(std::vector<VersionSeen>& versions);

}  // namespace kubeproof
