#include "collector/well_known_paths.h"

#include <array>

namespace kubeproof {
namespace {

using K = FileKind;

constexpr std::array kPaths = {
    // The node itself.
    WellKnownPath{"/etc/passwd", K::kPlain, "user names for ownership"},
    WellKnownPath{"/etc/group", K::kPlain, "group names for ownership"},
    WellKnownPath{"/etc/os-release", K::kPlain, "operating system"},
    WellKnownPath{"/usr/lib/os-release", K::kPlain, "operating system"},
    WellKnownPath{"/etc/hostname", K::kPlain, "node name"},
    // kubeadm control plane and worker.
    WellKnownPath{"/etc/kubernetes/manifests", K::kStaticPodDir, "kubeadm static pod manifests"},
    WellKnownPath{"/etc/kubernetes/admin.conf", K::kKubeconfig, "kubeadm admin kubeconfig"},
    WellKnownPath{"/etc/kubernetes/super-admin.conf", K::kKubeconfig, "kubeadm super-admin kubeconfig"},
    WellKnownPath{"/etc/kubernetes/scheduler.conf", K::kKubeconfig, "kubeadm scheduler kubeconfig"},
    WellKnownPath{"/etc/kubernetes/controller-manager.conf", K::kKubeconfig,
                  "kubeadm controller-manager kubeconfig"},
    WellKnownPath{"/etc/kubernetes/kubelet.conf", K::kKubeconfig, "kubeadm kubelet kubeconfig"},
    WellKnownPath{"/etc/kubernetes/bootstrap-kubelet.conf", K::kKubeconfig,
                  "kubeadm bootstrap kubeconfig"},
    WellKnownPath{"/etc/kubernetes/proxy.conf", K::kKubeconfig, "kube-proxy kubeconfig"},
    WellKnownPath{"/etc/kubernetes/pki", K::kPkiTree, "kubeadm PKI directory"},
    WellKnownPath{"/etc/kubernetes/kubeadm-config.yaml", K::kKubeadmConfig, "kubeadm configuration"},
    WellKnownPath{"/etc/kubernetes/kubeadm.yaml", K::kKubeadmConfig, "kubeadm configuration"},
    WellKnownPath{"/var/lib/kubelet/config.yaml", K::kKubeletConfig, "kubeadm kubelet config"},
    WellKnownPath{"/var/lib/kubelet/kubeadm-flags.env", K::kEnvFile, "kubeadm kubelet flags"},
    WellKnownPath{"/var/lib/kubelet/pki", K::kPkiTree, "kubelet certificate directory"},
    WellKnownPath{"/var/lib/etcd", K::kDataDir, "etcd data directory"},
    WellKnownPath{"/var/lib/etcd/default.etcd", K::kDataDir, "etcd data directory"},
    WellKnownPath{"/var/lib/etcd/data.etcd", K::kDataDir, "etcd data directory"},
    WellKnownPath{"/etc/kubernetes/config", K::kEnvFile, "legacy Kubernetes config"},
    WellKnownPath{"/etc/kubernetes/kubelet-config.yaml", K::kKubeletConfig, "kubelet config"},
    WellKnownPath{"/etc/kubernetes/kubelet.yaml", K::kKubeletConfig, "kubelet config"},
    WellKnownPath{"/var/lib/kube-proxy/kubeconfig", K::kKubeconfig, "kube-proxy kubeconfig"},
    WellKnownPath{"/var/lib/kube-proxy/config.conf", K::kComponentConfig, "kube-proxy config"},
    WellKnownPath{"/etc/kubernetes/proxy", K::kEnvFile, "kube-proxy arguments"},
    WellKnownPath{"/etc/kubernetes/addons/kube-proxy-daemonset.yaml", K::kPodManifest,
                  "kube-proxy add-on manifest"},
    WellKnownPath{"/etc/etcd/etcd.conf", K::kEnvFile, "etcd config"},
    WellKnownPath{"/etc/cni/net.d", K::kCniConfigDir, "CNI configuration"},
    // Environment files of the kubelet's unit (Debian, RHEL, AKS).
    WellKnownPath{"/etc/default/kubelet", K::kEnvFile, "kubelet environment file"},
    WellKnownPath{"/etc/sysconfig/kubelet", K::kEnvFile, "kubelet environment file"},
    // EKS (AL2, AL2023) and Bottlerocket.
    WellKnownPath{"/etc/kubernetes/kubelet/kubelet-config.json", K::kKubeletConfig,
                  "EKS kubelet config"},
    WellKnownPath{"/etc/kubernetes/kubelet/config.json", K::kKubeletConfig, "EKS kubelet config"},
    WellKnownPath{"/etc/kubernetes/kubelet/config.json.d", K::kKubeletConfigDir,
                  "EKS kubelet config drop-ins"},
    WellKnownPath{"/etc/kubernetes/kubelet/config", K::kKubeletConfig, "Bottlerocket kubelet config"},
    WellKnownPath{"/etc/kubernetes/kubelet/kubeconfig", K::kKubeconfig, "kubelet kubeconfig"},
    WellKnownPath{"/var/lib/kubelet/kubeconfig", K::kKubeconfig, "EKS kubelet kubeconfig"},
    WellKnownPath{"/etc/eks/kubelet/environment", K::kEnvFile, "EKS kubelet environment file"},
    // AKS.
    WellKnownPath{"/etc/default/kubeletconfig.json", K::kKubeletConfig, "AKS kubelet config"},
    WellKnownPath{"/etc/kubernetes/azure.json", K::kConfig, "AKS cloud config"},
    WellKnownPath{"/etc/kubernetes/certs", K::kPkiTree, "AKS certificate directory"},
    WellKnownPath{"/var/lib/kubelet/bootstrap-kubeconfig", K::kKubeconfig,
                  "AKS bootstrap kubeconfig"},
    // GKE on COS.
    WellKnownPath{"/home/kubernetes/kubelet-config.yaml", K::kKubeletConfig, "GKE kubelet config"},
    WellKnownPath{"/etc/srv/kubernetes/pki", K::kPkiTree, "GKE PKI directory"},
    // k3s.
    WellKnownPath{"/etc/rancher/k3s/config.yaml", K::kRancherConfig, "k3s config"},
    WellKnownPath{"/etc/rancher/k3s/config.yaml.d", K::kRancherConfigDir, "k3s config drop-ins"},
    WellKnownPath{"/etc/rancher/k3s/k3s.yaml", K::kKubeconfig, "k3s admin kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/server/tls", K::kPkiTree, "k3s PKI directory"},
    WellKnownPath{"/var/lib/rancher/k3s/server/token", K::kSecretFile, "k3s server token"},
    WellKnownPath{"/var/lib/rancher/k3s/server/node-token", K::kSecretFile, "k3s node token"},
    WellKnownPath{"/var/lib/rancher/k3s/server/agent-token", K::kSecretFile, "k3s agent token"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/passwd", K::kSecretFile, "k3s password file"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/api-server.kubeconfig", K::kKubeconfig,
                  "k3s API server kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/supervisor.kubeconfig", K::kKubeconfig,
                  "k3s supervisor kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/client-kubelet.crt", K::kCertificate,
                  "k3s kubelet client certificate"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/serving-kubelet.crt", K::kCertificate,
                  "k3s kubelet serving certificate"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/client-kubelet.key", K::kPrivateKey,
                  "k3s kubelet client key"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/serving-kubelet.key", K::kPrivateKey,
                  "k3s kubelet serving key"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/admin.kubeconfig", K::kKubeconfig,
                  "k3s admin kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/controller.kubeconfig", K::kKubeconfig,
                  "k3s controller-manager kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/scheduler.kubeconfig", K::kKubeconfig,
                  "k3s scheduler kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/server/cred/encryption-config.json", K::kEncryptionConfig,
                  "k3s encryption config"},
    WellKnownPath{"/var/lib/rancher/k3s/server/db/etcd", K::kDataDir, "k3s etcd data directory"},
    WellKnownPath{"/var/lib/rancher/k3s/server/db/etcd/config", K::kEtcdConfig, "k3s etcd config"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/kubelet.kubeconfig", K::kKubeconfig,
                  "k3s kubelet kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/kubeproxy.kubeconfig", K::kKubeconfig,
                  "k3s kube-proxy kubeconfig"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/client-ca.crt", K::kCertificate, "k3s client CA"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/server-ca.crt", K::kCertificate, "k3s server CA"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/etc/kubelet.conf.d", K::kKubeletConfigDir,
                  "k3s kubelet config drop-ins"},
    WellKnownPath{"/var/lib/rancher/k3s/agent/pod-manifests", K::kStaticPodDir,
                  "k3s static pod manifests"},
    // RKE2.
    WellKnownPath{"/etc/rancher/rke2/config.yaml", K::kRancherConfig, "RKE2 config"},
    WellKnownPath{"/etc/rancher/rke2/config.yaml.d", K::kRancherConfigDir, "RKE2 config drop-ins"},
    WellKnownPath{"/etc/rancher/rke2/rke2.yaml", K::kKubeconfig, "RKE2 admin kubeconfig"},
    WellKnownPath{"/etc/rancher/rke2/rke2-pss.yaml", K::kAdmissionConfig, "RKE2 admission config"},
    WellKnownPath{"/etc/rancher/rke2/audit-policy.yaml", K::kAuditPolicy, "RKE2 audit policy"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/pod-manifests", K::kStaticPodDir,
                  "RKE2 static pod manifests"},
    WellKnownPath{"/var/lib/rancher/rke2/server/tls", K::kPkiTree, "RKE2 PKI directory"},
    WellKnownPath{"/var/lib/rancher/rke2/server/token", K::kSecretFile, "RKE2 server token"},
    WellKnownPath{"/var/lib/rancher/rke2/server/node-token", K::kSecretFile, "RKE2 node token"},
    WellKnownPath{"/var/lib/rancher/rke2/server/cred/admin.kubeconfig", K::kKubeconfig,
                  "RKE2 admin kubeconfig"},
    WellKnownPath{"/var/lib/rancher/rke2/server/cred/controller.kubeconfig", K::kKubeconfig,
                  "RKE2 controller-manager kubeconfig"},
    WellKnownPath{"/var/lib/rancher/rke2/server/cred/scheduler.kubeconfig", K::kKubeconfig,
                  "RKE2 scheduler kubeconfig"},
    WellKnownPath{"/var/lib/rancher/rke2/server/cred/encryption-config.json", K::kEncryptionConfig,
                  "RKE2 encryption config"},
    WellKnownPath{"/var/lib/rancher/rke2/server/db/etcd", K::kDataDir, "RKE2 etcd data directory"},
    WellKnownPath{"/var/lib/rancher/rke2/server/db/etcd/config", K::kEtcdConfig, "RKE2 etcd config"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/kubelet.kubeconfig", K::kKubeconfig,
                  "RKE2 kubelet kubeconfig"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/kubeproxy.kubeconfig", K::kKubeconfig,
                  "RKE2 kube-proxy kubeconfig"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/client-ca.crt", K::kCertificate, "RKE2 client CA"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/server.crt", K::kCertificate, "RKE2 server certificate"},
    WellKnownPath{"/var/lib/rancher/rke2/agent/etc/kubelet.conf.d", K::kKubeletConfigDir,
                  "RKE2 kubelet config drop-ins"},
    WellKnownPath{"/etc/default/rke2-server", K::kEnvFile, "RKE2 environment file"},
    WellKnownPath{"/etc/sysconfig/rke2-server", K::kEnvFile, "RKE2 environment file"},
    WellKnownPath{"/etc/default/rke2-agent", K::kEnvFile, "RKE2 environment file"},
    WellKnownPath{"/etc/sysconfig/rke2-agent", K::kEnvFile, "RKE2 environment file"},
    // microk8s keeps each component's arguments in a file.
    WellKnownPath{"/var/snap/microk8s/current/args", K::kArgsDir, "microk8s component arguments"},
};

constexpr std::array<std::string_view, 5> kUnitDirectories = {
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system", "/lib/systemd/system",
};

constexpr std::array<std::string_view, 13> kUnitNames = {
    "kubelet.service",       "kube-apiserver.service", "kube-controller-manager.service",
    "kube-scheduler.service", "kube-proxy.service",    "etcd.service",
    "k3s.service",           "k3s-agent.service",      "rke2-server.service",
    "rke2-agent.service",    "snap.kubelet.daemon.service",
    "snap.microk8s.daemon-kubelite.service", "snap.microk8s.daemon-kubelet.service",
};

}  // namespace

std::span<const WellKnownPath> WellKnownPaths() { return kPaths; }
std::span<const std::string_view> SystemdUnitDirectories() { return kUnitDirectories; }
std::span<const std::string_view> KubernetesUnitNames() { return kUnitNames; }

}  // namespace kubeproof
