// InstalledPackage: one Kubernetes package a package manager's records leave installed, as the
// dpkg and rpm history readers report it.
#pragma once

#include <string>

namespace kubeproof {

struct InstalledPackage {
  std::string package;  // "kubelet"
  std::string version;  // as the records spell it: "1.33.1-1.1", "1.29.3-150500.1.1"
  std::string
      detail;  // how the records say so, for the source: "Upgrade kubelet-1.29.3-150500.1.1.x86_64"
};

}  // namespace kubeproof
