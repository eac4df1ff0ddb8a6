#include "collector/flag_table.h"

#include <array>

namespace kubeproof {
namespace {

constexpr std::uint32_t kApi = kApiServer;
constexpr std::uint32_t kCm = kControllerManager;
constexpr std::uint32_t kSched = kScheduler;
constexpr std::uint32_t kProxy = kKubeProxy;
// Flags that every control-plane component serving TLS shares (k8s.io/apiserver options).
constexpr std::uint32_t kServing = kApi | kCm | kSched | kKubelet | kK3s;

constexpr std::array kComponents = {
    ComponentInfo{"kube-apiserver", kApiServer},
    ComponentInfo{"kube-controller-manager", kControllerManager},
    ComponentInfo{"kube-scheduler", kScheduler},
    ComponentInfo{"etcd", kEtcd},
    ComponentInfo{"kubelet", kKubelet},
    ComponentInfo{"kube-proxy", kKubeProxy},
    ComponentInfo{"k3s-server", kK3sServer},
    ComponentInfo{"k3s-agent", kK3sAgent},
};

constexpr std::array kPathFlags = {
    // Configuration files.
    PathFlag{"config", kKubelet, FileKind::kKubeletConfig},
    PathFlag{"config", kSched | kProxy, FileKind::kComponentConfig},
    PathFlag{"config", kK3s, FileKind::kRancherConfig},
    PathFlag{"c", kK3s, FileKind::kRancherConfig},
    PathFlag{"config-dir", kKubelet, FileKind::kKubeletConfigDir},
    PathFlag{"cni-conf-dir", kKubelet, FileKind::kCniConfigDir},
    PathFlag{"config-file", kEtcd, FileKind::kEtcdConfig},
    PathFlag{"audit-policy-file", kApi, FileKind::kAuditPolicy},
    PathFlag{"audit-log-path", kApi, FileKind::kStatOnly},
    PathFlag{"audit-webhook-config-file", kApi, FileKind::kKubeconfig},
    PathFlag{"admission-control-config-file", kApi, FileKind::kAdmissionConfig},
    PathFlag{"authentication-config", kApi, FileKind::kConfig},
    PathFlag{"authorization-config", kApi, FileKind::kConfig},
    PathFlag{"authorization-policy-file", kApi, FileKind::kConfig},
    PathFlag{"egress-selector-config-file", kApi, FileKind::kConfig},
    PathFlag{"tracing-config-file", kApi, FileKind::kConfig},
    PathFlag{"encryption-provider-config", kApi, FileKind::kEncryptionConfig},
    PathFlag{"cloud-config", kApi | kCm | kKubelet, FileKind::kConfig},
    PathFlag{"image-credential-provider-config", kKubelet, FileKind::kConfig},
    PathFlag{"pod-manifest-path", kKubelet, FileKind::kStaticPodDir},
    // Kubeconfigs.
    PathFlag{"kubeconfig", kCm | kSched | kKubelet | kProxy, FileKind::kKubeconfig},
    PathFlag{"bootstrap-kubeconfig", kKubelet, FileKind::kKubeconfig},
    PathFlag{"authentication-kubeconfig", kCm | kSched, FileKind::kKubeconfig},
    PathFlag{"authorization-kubeconfig", kCm | kSched, FileKind::kKubeconfig},
    PathFlag{"authentication-token-webhook-config-file", kApi, FileKind::kKubeconfig},
    PathFlag{"authorization-webhook-config-file", kApi, FileKind::kKubeconfig},
    PathFlag{"admission-control-kubeconfig", kApi, FileKind::kKubeconfig},
    // Certificates and CA bundles: hashed so checks can compare them, never stored.
    PathFlag{"client-ca-file", kServing, FileKind::kCertificate},
    PathFlag{"requestheader-client-ca-file", kApi | kCm | kSched, FileKind::kCertificate},
    PathFlag{"tls-cert-file", kServing, FileKind::kCertificate},
    PathFlag{"kubelet-certificate-authority", kApi, FileKind::kCertificate},
    PathFlag{"kubelet-client-certificate", kApi, FileKind::kCertificate},
    PathFlag{"etcd-cafile", kApi, FileKind::kCertificate},
    PathFlag{"etcd-certfile", kApi, FileKind::kCertificate},
    PathFlag{"oidc-ca-file", kApi, FileKind::kCertificate},
    PathFlag{"proxy-client-cert-file", kApi, FileKind::kCertificate},
    PathFlag{"service-account-key-file", kApi, FileKind::kCertificate},
    PathFlag{"root-ca-file", kCm, FileKind::kCertificate},
    PathFlag{"cluster-signing-cert-file", kCm, FileKind::kCertificate},
    PathFlag{"cert-file", kEtcd, FileKind::kCertificate},
    PathFlag{"trusted-ca-file", kEtcd, FileKind::kCertificate},
    PathFlag{"peer-cert-file", kEtcd, FileKind::kCertificate},
    PathFlag{"peer-trusted-ca-file", kEtcd, FileKind::kCertificate},
    PathFlag{"client-crl-file", kEtcd, FileKind::kCertificate},
    // Private keys: the path is evidence, the content never leaves the node.
    PathFlag{"tls-private-key-file", kServing, FileKind::kPrivateKey},
    PathFlag{"kubelet-client-key", kApi, FileKind::kPrivateKey},
    PathFlag{"etcd-keyfile", kApi, FileKind::kPrivateKey},
    PathFlag{"proxy-client-key-file", kApi, FileKind::kPrivateKey},
    PathFlag{"service-account-signing-key-file", kApi, FileKind::kPrivateKey},
    PathFlag{"service-account-private-key-file", kCm, FileKind::kPrivateKey},
    PathFlag{"cluster-signing-key-file", kCm, FileKind::kPrivateKey},
    PathFlag{"key-file", kEtcd, FileKind::kPrivateKey},
    PathFlag{"peer-key-file", kEtcd, FileKind::kPrivateKey},
    PathFlag{"cert-dir", kKubelet | kCm | kSched, FileKind::kPkiTree},
    // Token and password files.
    PathFlag{"token-auth-file", kApi, FileKind::kSecretFile},
    PathFlag{"basic-auth-file", kApi, FileKind::kSecretFile},
    PathFlag{"token-file", kK3s, FileKind::kSecretFile},
    PathFlag{"agent-token-file", kK3s, FileKind::kSecretFile},
    // Data directories: the directory itself only.
    PathFlag{"data-dir", kEtcd | kK3s, FileKind::kDataDir},
    PathFlag{"d", kK3s, FileKind::kDataDir},
    PathFlag{"wal-dir", kEtcd, FileKind::kDataDir},
    PathFlag{"root-dir", kKubelet, FileKind::kDataDir},
};

struct PassThrough {
  std::string_view flag;
  std::uint32_t target;
};
constexpr std::array kPassThrough = {
    PassThrough{"kube-apiserver-arg", kApiServer},
    PassThrough{"kube-controller-manager-arg", kControllerManager},
    PassThrough{"kube-scheduler-arg", kScheduler},
    PassThrough{"kubelet-arg", kKubelet},
    PassThrough{"kube-proxy-arg", kKubeProxy},
    PassThrough{"etcd-arg", kEtcd},
};

}  // namespace

std::span<const ComponentInfo> Components() { return kComponents; }

std::optional<std::uint32_t> ComponentBitByName(std::string_view name) {
  for (const ComponentInfo& c : kComponents) {
    if (c.name == name) return c.bit;
  }
  return std::nullopt;
}

std::string_view ComponentName(std::uint32_t bit) {
  for (const ComponentInfo& c : kComponents) {
    if (c.bit == bit) return c.name;
  }
  return "";
}

const PathFlag* FindPathFlag(std::uint32_t component, std::string_view flag) {
  for (const PathFlag& rule : kPathFlags) {
    if (rule.flag == flag && (rule.components & component) != 0) return &rule;
  }
  return nullptr;
}

std::optional<std::uint32_t> PassThroughTarget(std::string_view flag) {
  for (const PassThrough& p : kPassThrough) {
    if (p.flag == flag) return p.target;
  }
  return std::nullopt;
}

std::vector<PathFlagUse> FindPathFlagUses(const std::vector<std::string>& argv, std::size_t first,
                                          std::uint32_t component) {
  auto takes_value = [&](const std::string& name) {
    return FindPathFlag(component, name) != nullptr || PassThroughTarget(name).has_value();
  };
  std::vector<PathFlagUse> uses;
  for (const ParsedFlag& flag : ParseFlags(argv, first, takes_value)) {
    PathFlagUse use{component, flag.name, flag.value, nullptr};
    if (std::optional<std::uint32_t> pass = PassThroughTarget(flag.name)) {
      size_t eq = flag.value.find('=');
      if (eq == std::string::npos) continue;
      size_t start = flag.value.find_first_not_of('-');
      use.component = *pass;
      use.flag = flag.value.substr(start, eq - start);
      use.value = flag.value.substr(eq + 1);
    }
    use.rule = FindPathFlag(use.component, use.flag);
    if (use.rule == nullptr || use.value.empty()) continue;
    uses.push_back(std::move(use));
  }
  return uses;
}

}  // namespace kubeproof

