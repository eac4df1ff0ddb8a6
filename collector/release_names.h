// Versions that a distribution's own layout names: the RKE2 runtime directory a release
// extracts itself to, and the `kubelet --version` output the EKS AMI saves at build time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubeproof {

// RKE2 extracts its runtime image to <data-dir>/data/<tag>-<first 12 hex of a SHA-256>/ (the tag
// is the release with "+" as "-": v1.33.1-rke2r1) and links <data-dir>/bin to its bin/
// (rke2 pkg/bootstrap). "v1.33.1-rke2r1-0123456789ab" -> "v1.33.1-rke2r1"; nullopt for any other
// name, e.g. the bare digest a runtime image pinned by digest gets.
std::optional<std::string> Rke2RuntimeVersion(std::string_view directory_name);

// The first line of `kubelet --version`: "Kubernetes v1.31.0-eks-a737599" -> "v1.31.0-eks-a737599".
std::optional<std::string> KubeletVersionOutput(std::string_view text);

}  // namespace kubeproof
