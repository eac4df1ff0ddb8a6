// Content references: the node paths a copied file names (a unit's EnvironmentFile=, flags in
// env files and manifests, clientCAFile in a kubelet config), so declared configuration is
// followed as far as the running processes would be.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collector/file_kind.h"

namespace kubeproof {

struct FileReference {
  std::string path;  // absolute node path
  FileKind kind;
  std::string label;  // "--tls-cert-file", "clientCAFile", "EnvironmentFile"
};

// EnvironmentFile= paths of a systemd unit or drop-in (the optional "-" prefix removed).
std::vector<FileReference> EnvironmentFileReferences(std::string_view unit_text);

// Path-valued flags of `component` written anywhere in `text`: ExecStart lines, KUBELET_ARGS=,
// "- --flag=value" items of a manifest, microk8s args files. Values with "$" are skipped.
std::vector<FileReference> FlagReferences(std::string_view text, std::uint32_t component);

// Paths named by k3s/RKE2 config.yaml pass-through lists ("kube-apiserver-arg:" items such as
// "audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml"), with the embedded component.
struct PassThroughReference {
  FileReference ref;
  std::uint32_t component;
};
std::vector<PassThroughReference> RancherConfigReferences(std::string_view text);

// Paths named by keys of a kubelet config, component config or kubeconfig (YAML or JSON).
std::vector<FileReference> ConfigKeyReferences(std::string_view text, FileKind kind);

// The CNI configuration directory a filtered containerd or CRI-O config names (conf_dir,
// network_dir), so the directory the runtime really reads is examined.
std::vector<FileReference> RuntimeConfigReferences(std::string_view filtered_toml);

// The component a unit, env file, args file or manifest configures, from its path and content;
// 0 when neither says.
std::uint32_t ComponentOfFile(std::string_view path, std::string_view text);

}  // namespace kubeproof
