// The platform a node's evidence shows, on the layouts each platform really puts on its nodes
// (EKS AL2, AL2023 and Bottlerocket; AKS in flags and config-file mode, on Ubuntu and Azure
// Linux; GKE on COS; k3s; RKE2; kubeadm), and on nodes that show none.
#include "analyzer/rules/node_platform.h"

#include <catch2/catch.hpp>

#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;

const PlatformCatalog& Shipped() {
  static const PlatformCatalog catalog = [] {
    auto loaded = LoadPlatformCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/platforms");
    if (!loaded.ok()) throw std::runtime_error(loaded.status().message());
    return std::move(loaded).value();
  }();
  return catalog;
}

NodePlatform Detect(const EvidenceBuilder& node) {
  return DetectNodePlatform(node.Build(), Shipped(), *testing::Cis16().components);
}

const char* kAmazonLinux2 = "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\n";
const char* kAmazonLinux2023 =
    "NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\n";
const char* kUbuntu2204 = "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n";
const char* kDebian12 =
    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";

TEST_CASE("an EKS AL2 worker is EKS on Amazon Linux 2, from its bootstrap files and kubelet flags",
          "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kAmazonLinux2)
      .File("/etc/kubernetes/kubelet/kubelet-config.json", "{\"kind\": \"KubeletConfiguration\"}")
      .StatOnly("/etc/eks/bootstrap.sh", {0755})
      .Process("kubelet",
               {"/usr/bin/kubelet", "--config", "/etc/kubernetes/kubelet/kubelet-config.json",
                "--kubeconfig", "/var/lib/kubelet/kubeconfig", "--image-credential-provider-config",
                "/etc/eks/image-credential-provider/config.json", "--cloud-provider=external"});
  NodePlatform p = Detect(node);
  CHECK(p.platform == "eks");
  CHECK(p.variant == "Amazon Linux 2 (bootstrap.sh)");
  CHECK(p.origin == "file /etc/eks/bootstrap.sh");
}

TEST_CASE("an EKS AL2023 worker is EKS on AL2023, from nodeadm's environment file", "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kAmazonLinux2023)
      .File("/etc/eks/kubelet/environment",
            "NODEADM_KUBELET_ARGS=--config=/etc/kubernetes/kubelet/config.json")
      .File("/etc/kubernetes/kubelet/config.json", "{}")
      .Directory("/etc/kubernetes/kubelet/config.json.d")
      .Process("kubelet", {"/usr/bin/kubelet", "--config=/etc/kubernetes/kubelet/config.json",
                           "--config-dir=/etc/kubernetes/kubelet/config.json.d",
                           "--kubeconfig=/var/lib/kubelet/kubeconfig"});
  NodePlatform p = Detect(node);
  CHECK(p.platform == "eks");
  CHECK(p.title == "Amazon EKS");
  CHECK(p.variant == "Amazon Linux 2023 (nodeadm)");
  CHECK(p.origin == "file /etc/eks/kubelet/environment");
}

TEST_CASE("an AL2023 kubelet is recognised by its flags alone when no EKS file was collected",
          "[platform]") {
  EvidenceBuilder node;
  node.Process("kubelet",
               {"/usr/bin/kubelet", "--config-dir", "/etc/kubernetes/kubelet/config.json.d"}, 812);
  NodePlatform p = Detect(node);
  CHECK(p.platform == "eks");
  CHECK(p.origin == "kubelet flag --config-dir=/etc/kubernetes/kubelet/config.json.d (pid 812)");
  CHECK(p.variant == "Amazon Linux 2023 (nodeadm)");
}

TEST_CASE("a Bottlerocket node is EKS on Bottlerocket, from its os-release", "[platform]") {
  EvidenceBuilder node;
  node.File("/usr/lib/os-release", "NAME=Bottlerocket\nID=bottlerocket\nVERSION_ID=1.20.0\n")
      .Symlink("/etc/os-release", "../usr/lib/os-release")
      .File("/etc/kubernetes/kubelet/config", "---\nkind: KubeletConfiguration\n");
  NodePlatform p = Detect(node);
  CHECK(p.platform == "eks");
  CHECK(p.variant == "Bottlerocket");
  CHECK(p.origin == "/usr/lib/os-release ID=bottlerocket");
}

TEST_CASE("an AKS Ubuntu worker in flags mode is AKS, from its kubelet's client CA and azure.json",
          "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kUbuntu2204)
      .File("/etc/default/kubelet", "KUBELET_FLAGS=--client-ca-file=/etc/kubernetes/certs/ca.crt")
      .StatOnly("/etc/kubernetes/azure.json", {0600})
      .Process("kubelet",
               {"/usr/local/bin/kubelet", "--client-ca-file=/etc/kubernetes/certs/ca.crt",
                "--anonymous-auth=false"});
  NodePlatform p = Detect(node);
  CHECK(p.platform == "aks");
  CHECK(p.variant == "Ubuntu");
  CHECK(p.origin == "file /etc/kubernetes/azure.json");
}

TEST_CASE("an AKS worker in config-file mode whose kubelet was not seen is AKS from its files",
          "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kUbuntu2204)
      .Unreadable("/etc/default/kubeletconfig.json")
      .StatOnly("/opt/azure/containers/kubelet.sh", {0744})
      .ProcessView("limited");
  NodePlatform p = Detect(node);
  CHECK(p.platform == "aks");
  CHECK(p.origin == "file /opt/azure/containers/kubelet.sh");
}

TEST_CASE("an AKS node on Azure Linux is AKS on Azure Linux", "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", "NAME=\"Microsoft Azure Linux\"\nVERSION=\"3.0\"\nID=azurelinux\n")
      .Process("kubelet",
               {"/usr/local/bin/kubelet", "--client-ca-file", "/etc/kubernetes/certs/ca.crt"});
  NodePlatform p = Detect(node);
  CHECK(p.platform == "aks");
  CHECK(p.variant == "Azure Linux");
}

TEST_CASE("a GKE COS worker is GKE on Container-Optimized OS", "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", "NAME=\"Container-Optimized OS\"\nID=cos\nVERSION_ID=121\n")
      .File("/home/kubernetes/kubelet-config.yaml", "kind: KubeletConfiguration\n")
      .Process("kubelet",
               {"/home/kubernetes/bin/kubelet", "--config=/home/kubernetes/kubelet-config.yaml"});
  NodePlatform p = Detect(node);
  CHECK(p.platform == "gke");
  CHECK(p.variant == "Container-Optimized OS");
  CHECK(p.origin == "file /home/kubernetes/kubelet-config.yaml");
}

TEST_CASE("k3s is recognised by its process, server or agent", "[platform]") {
  EvidenceBuilder server;
  server.Process("k3s-server", {"/usr/local/bin/k3s", "server", "--protect-kernel-defaults=true"},
                 41);
  NodePlatform p = Detect(server);
  CHECK(p.platform == "k3s");
  CHECK(p.variant == "server");
  CHECK(p.origin == "k3s-server running (pid 41)");

  EvidenceBuilder agent;
  agent.Process("k3s-agent", {"/usr/local/bin/k3s", "agent"});
  CHECK(Detect(agent).variant == "agent");
}

TEST_CASE("an RKE2 server is RKE2 even on a cloud whose files it carries", "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kUbuntu2204)
      .Directory("/var/lib/rancher/rke2/server/tls", {0700})
      .StatOnly("/etc/kubernetes/azure.json", {0600})
      .Process("kubelet",
               {"/var/lib/rancher/rke2/data/v1.33.1-rke2r1-abc/bin/kubelet",
                "--kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig"},
               900);
  NodePlatform p = Detect(node);
  CHECK(p.platform == "rke2");
  CHECK(p.variant == "server");
  CHECK(p.origin ==
        "kubelet flag --kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig (pid 900); "
        "markers of aks "
        "too (file /etc/kubernetes/azure.json)");
}

TEST_CASE("kubeadm nodes: a control plane by its static pods, a worker by its kubelet's kubeconfig",
          "[platform]") {
  EvidenceBuilder cp;
  cp.File("/etc/os-release", kUbuntu2204)
      .File("/etc/kubernetes/manifests/kube-apiserver.yaml", "kind: Pod\n", {0600})
      .Process("kubelet", {"/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf",
                           "--config=/var/lib/kubelet/config.yaml"});
  NodePlatform p = Detect(cp);
  CHECK(p.platform == "kubeadm");
  CHECK(p.variant == "control plane");

  EvidenceBuilder worker;
  worker.File("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\"\"\n");
  p = Detect(worker);
  CHECK(p.platform == "kubeadm");
  CHECK(p.variant == "worker");
  CHECK(p.origin == "file /var/lib/kubelet/kubeadm-flags.env");
}

TEST_CASE("kind and minikube nodes, which kubeadm sets up, are kubeadm", "[platform]") {
  EvidenceBuilder kind;
  kind.File("/etc/default/kubelet",
            "KUBELET_EXTRA_ARGS=--runtime-cgroups=/system.slice/containerd.service\n")
      .File("/var/lib/kubelet/kubeadm-flags.env", "KUBELET_KUBEADM_ARGS=\"--node-ip=172.18.0.2\"\n")
      .Process(
          "kubelet",
          {"/usr/bin/kubelet", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
           "--kubeconfig=/etc/kubernetes/kubelet.conf", "--config=/var/lib/kubelet/config.yaml"});
  NodePlatform p = Detect(kind);
  CHECK(p.platform == "kubeadm");
  CHECK(p.variant == "worker");

  EvidenceBuilder minikube;
  minikube.File("/etc/kubernetes/manifests/kube-apiserver.yaml", "kind: Pod\n", {0600})
      .Process("kubelet", {"/var/lib/minikube/binaries/v1.28.3/kubelet",
                           "--config=/var/lib/kubelet/config.yaml",
                           "--kubeconfig=/etc/kubernetes/kubelet.conf"})
      .Process("kube-apiserver",
               {"kube-apiserver", "--client-ca-file=/var/lib/minikube/certs/ca.crt"});
  p = Detect(minikube);
  CHECK(p.platform == "kubeadm");
  CHECK(p.variant == "control plane");
}

TEST_CASE("a node with no platform's markers is unknown, and says so", "[platform]") {
  EvidenceBuilder node;
  node.File("/etc/os-release", kDebian12)
      .File("/etc/kubernetes/kubelet.yaml", "kind: KubeletConfiguration\n")
      .Process("kubelet", {"/usr/local/bin/kubelet", "--config=/etc/kubernetes/kubelet.yaml"});
  NodePlatform p = Detect(node);
  CHECK_FALSE(p.known());
  CHECK(p.platform == "unknown");
  CHECK(p.variant.empty());
  CHECK(p.origin == "no platform's markers in the evidence");
}

TEST_CASE("a marker file the collector found absent, or could not stat, is no marker",
          "[platform]") {
  EvidenceBuilder node;
  node.Absent("/etc/eks/bootstrap.sh")
      .Absent("/etc/kubernetes/azure.json")
      .Unreadable("/home/kubernetes/kubelet-config.yaml", "error", "Input/output error");
  CHECK(Detect(node).platform == "unknown");
}

TEST_CASE("an unreadable marker file still shows the platform: it exists", "[platform]") {
  EvidenceBuilder node;
  node.Unreadable("/etc/default/kubeletconfig.json");
  CHECK(Detect(node).platform == "aks");
}

TEST_CASE("an os-release value must match whole, quoted or not", "[platform]") {
  EvidenceBuilder almost;
  almost.File("/etc/os-release", "ID=\"bottlerocket-like\"\n");
  CHECK(Detect(almost).platform == "unknown");
  EvidenceBuilder quoted;
  quoted.File("/etc/os-release", "ID='bottlerocket'\n");
  CHECK(Detect(quoted).platform == "eks");
}

}  // namespace
}  // namespace kubeproof
