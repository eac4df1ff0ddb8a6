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
  kConfig,          // any other configuration (audit policy, admission, k3s config.yaml)
  kPlain,           // system files without secrets (passwd, group, os-release)
  // Files recorded by stat only.
  kCertificate,     // read to classify and hash, never stored
  kPrivateKey,      // never read
  kSecretFile,      // token and password files: never read
  kStatOnly,        // logs, sockets, anything evidence only by its metadata
  kDataDir,         // etcd data and similar: the directory itself, never its entries
  // Directories whose entries are examined.
  kStaticPodDir,    // entries are pod manifests
  kConfigDir,       // entries are kConfig files (CNI, k3s config.yaml.d)
  kKubeletConfigDir,// --config-dir drop-ins
  kUnitDropinDir,   // <unit>.d/*.conf
  kArgsDir,         // files of command-line arguments (snap/microk8s)
  kPkiTree,         // recursive: certificates hashed, keys stat only
};

inline bool IsDirectoryKind(FileKind kind) {
  return kind == FileKind::kStaticPodDir || kind == FileKind::kConfigDir ||
         kind == FileKind::kKubeletConfigDir || kind == FileKind::kUnitDropinDir ||
         kind == FileKind::kArgsDir || kind == FileKind::kPkiTree || kind == FileKind::kDataDir;
}

}  // namespace kubeproof
