// FileKind: what a node path is to the collector, which decides how it is examined and whether
// its content is copied, copied redacted or recorded by stat only.
#pragma once

#include <cstdint>

namespace kubeproof {

enum class FileKind : std::uint8_t {
  // Files whose content is copied after redaction with the matching profile.
  kKubeconfig,
  kEncryptionConfig,
  kKubeadmConfig,
  kPodManifest,
  kEnvFile,         // EnvironmentFile / /etc/default style NAME=value lines
  kSystemdUnit,     // a unit or drop-in: env-file redaction, and its EnvironmentFile= lines followed
  kKubeletConfig,   // copied; the paths it names (clientCAFile, staticPodPath ...) are followed
  kComponentConfig, // kube-proxy/scheduler config: copied; clientConnection.kubeconfig followed
  kAuditPolicy,     // the API server's --audit-policy-file
  kAdmissionConfig, // --admission-control-config-file, RKE2's pod security admission config
  kEtcdConfig,      // etcd's --config-file
  kRancherConfig,   // k3s/RKE2 config.yaml and its config.yaml.d drop-ins: keys are flags
  kCniConfig,       // CNI network configuration
  kRuntimeConfig,   // containerd/CRI-O TOML: only where CNI config is read from; that directory followed
  kConfig,          // any other configuration (cloud config, credential provider ...)
  kPlain,           // system files without secrets (passwd, group, os-release)
  // Files recorded by stat only.
  kCertificate,     // read to classify and hash, never stored
  kPrivateKey,      // never read
  kSecretFile,      // token and password files: never read
  kStatOnly,        // logs, sockets, anything evidence only by its metadata
  kDataDir,         // etcd data and similar: the directory itself, never its entries
  kVersionSource,   // package database or log: read on the node for Kubernetes versions, never copied
  // Directories whose entries are examined.
  kStaticPodDir,    // entries are pod manifests
  kCniConfigDir,    // entries are kCniConfig files
  kRancherConfigDir,// entries are kRancherConfig files (config.yaml.d)
  kKubeletConfigDir,// --config-dir drop-ins
  kRuntimeConfigDir,// CRI-O's crio.conf.d: entries are kRuntimeConfig files
  kUnitDropinDir,   // <unit>.d/*.conf
  kArgsDir,         // files of command-line arguments (snap/microk8s)
  kPkiTree,         // recursive: certificates hashed, keys stat only
};

// Kinds whose content never leaves the node (a certificate is read only to hash it, a version
// source only for the versions it names).
inline bool IsStatOnlyKind(FileKind kind) {
  return kind == FileKind::kCertificate || kind == FileKind::kPrivateKey || kind == FileKind::kSecretFile ||
         kind == FileKind::kStatOnly || kind == FileKind::kDataDir || kind == FileKind::kVersionSource;
}

inline bool IsDirectoryKind(FileKind kind) {
  return kind == FileKind::kStaticPodDir || kind == FileKind::kCniConfigDir || kind == FileKind::kRancherConfigDir ||
         kind == FileKind::kKubeletConfigDir || kind == FileKind::kRuntimeConfigDir || kind == FileKind::kUnitDropinDir ||
         kind == FileKind::kArgsDir || kind == FileKind::kPkiTree || kind == FileKind::kDataDir;
}

}  // namespace kubeproof
