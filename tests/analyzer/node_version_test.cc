// The node's Kubernetes version and each component's: which evidence wins, and what happens
// when the evidence disagrees (an upgrade under way) or is missing (older bundles).
#include "analyzer/evidence/node_version.h"

#include <catch2/catch.hpp>

#include "analyzer/evidence/os_release.h"
#include "analyzer/settings/effective_settings.h"
#include "tests/collector/collector_test_util.h"
#include "tests/support/evidence_builder.h"
#include "tests/support/sample_evidence.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;

constexpr const char* kDpkg =
    "Version of package kubelet (Status hold ok installed) in /var/lib/dpkg/status";
constexpr const char* kApiserverTag = "image tag in /etc/kubernetes/manifests/kube-apiserver.yaml";

VersionChoice Choose(const std::string& component, const NodeEvidence& e,
                     std::optional<std::string> override_version = std::nullopt) {
  ComponentInstance none;
  none.component = component;
  return ChooseVersion(component, e, none, override_version, "1.18", "cis-test");
}

TEST_CASE("ParseKubernetesMinor reads the minor of every spelling the evidence has", "[version]") {
  CHECK(ParseKubernetesMinor("v1.20.4") == 20);
  CHECK(ParseKubernetesMinor("1.33.1-1.1") == 33);
  CHECK(ParseKubernetesMinor("1.20.4-00") == 20);
  CHECK(ParseKubernetesMinor("v1.33.1-rke2r1") == 33);
  CHECK(ParseKubernetesMinor("1.29.3-150500.1.1") == 29);
  CHECK(ParseKubernetesMinor("v1.31.0-eks-a737599") == 31);
  CHECK(ParseKubernetesMinor("1.32") == 32);
  CHECK_FALSE(ParseKubernetesMinor("3.5.15-0"));    // etcd
  CHECK_FALSE(ParseKubernetesMinor("1:1.29.3-1"));  // an epoch is no 1.x version
  CHECK_FALSE(ParseKubernetesMinor("latest"));
  CHECK_FALSE(ParseKubernetesMinor(""));
}

TEST_CASE("no version evidence: no node version, and old bundles' manifests still choose",
          "[version]") {
  NodeEvidence empty = EvidenceBuilder().Build();
  CHECK_FALSE(DetectNodeVersion(empty));
  VersionChoice v = Choose("kubelet", empty);
  CHECK(v.assumed);
  CHECK(v.minor == 18);
  CHECK(v.origin == "assumed by cis-test: no version in the evidence");

  // A bundle of an older collector has image tags only: they still give the node its version.
  NodeEvidence old =
      EvidenceBuilder()
          .KubernetesVersion("etcd", "3.4.13-0", "image tag in /etc/kubernetes/manifests/etcd.yaml")
          .KubernetesVersion("kube-apiserver", "v1.20.4", kApiserverTag)
          .Build();
  auto node = DetectNodeVersion(old);
  REQUIRE(node);
  CHECK(node->minor == 20);
  CHECK(node->origin == std::string("kube-apiserver: ") + kApiserverTag);
  CHECK(node->disagreeing.empty());
}

TEST_CASE("a Bottlerocket node's variant names its kubelet's Kubernetes minor", "[version]") {
  const std::string os_release =
      "NAME=Bottlerocket\nID=bottlerocket\nVERSION=\"1.19.2 (aws-k8s-1.29)\"\nVARIANT_ID=aws-k8s-1.29\n"
      "VERSION_ID=1.19.2\n";
  NodeEvidence e = EvidenceBuilder()
                       .File("/usr/lib/os-release", os_release)
                       .Symlink("/etc/os-release", "../usr/lib/os-release")
                       .Build();
  AddOsReleaseKubernetesVersion(&e);
  auto v = DetectNodeVersion(e);
  REQUIRE(v);
  CHECK(v->minor == 29);
  CHECK(v->origin == "kubelet: Bottlerocket variant aws-k8s-1.29 (VARIANT_ID in /usr/lib/os-release)");
  CHECK(Choose("kubelet", e).minor == 29);
  CHECK_FALSE(Choose("kubelet", e).assumed);

  // A variant with a suffix (aws-k8s-1.30-nvidia) still names its minor.
  NodeEvidence nvidia = EvidenceBuilder().File("/etc/os-release", "ID=bottlerocket\nVARIANT_ID=aws-k8s-1.30-nvidia\n").Build();
  AddOsReleaseKubernetesVersion(&nvidia);
  REQUIRE(DetectNodeVersion(nvidia));
  CHECK(DetectNodeVersion(nvidia)->minor == 30);
}

TEST_CASE("a collected Bottlerocket node's bundle reads back with its variant's Kubernetes version",
          "[version]") {
  testing::TempDir dir;
  testing::WriteFile(dir.path(), "usr/lib/os-release", "NAME=Bottlerocket\nID=bottlerocket\nVARIANT_ID=aws-k8s-1.31\n");
  testing::WriteFile(dir.path(), "etc/kubernetes/kubelet/config", "kind: KubeletConfiguration\nreadOnlyPort: 0\n");
  NodeEvidence e = testing::CollectRootEvidence(dir.path(), "bottlerocket");
  auto v = DetectNodeVersion(e);
  REQUIRE(v);
  CHECK(v->minor == 31);
  CHECK(v->origin == "kubelet: Bottlerocket variant aws-k8s-1.31 (VARIANT_ID in /usr/lib/os-release)");
}

TEST_CASE("the os-release variant never overrides a kubelet version the bundle records, nor speaks for other OSes",
          "[version]") {
  NodeEvidence recorded = EvidenceBuilder()
                              .File("/etc/os-release", "ID=bottlerocket\nVARIANT_ID=aws-k8s-1.29\n")
                              .KubernetesVersion("kubelet", "v1.30.4", "test")
                              .Build();
  AddOsReleaseKubernetesVersion(&recorded);
  CHECK(recorded.bundle.kubernetes_versions.size() == 1);
  CHECK(DetectNodeVersion(recorded)->minor == 30);
  for (const char* text : {"ID=ubuntu\nVARIANT_ID=aws-k8s-1.29\n", "ID=bottlerocket\nVARIANT_ID=aws-ecs-2\n",
                           "ID=bottlerocket\nVARIANT_ID=aws-k8s-1.29;rm -rf\n"}) {
    INFO(text);
    NodeEvidence other = EvidenceBuilder().File("/etc/os-release", text).Build();
    AddOsReleaseKubernetesVersion(&other);
    CHECK_FALSE(DetectNodeVersion(other));
  }
}

TEST_CASE("the kubelet's package speaks for the node before the API server's image tag",
          "[version]") {
  NodeEvidence e = EvidenceBuilder()
                       .KubernetesVersion("kube-apiserver", "v1.33.1", kApiserverTag)
                       .KubernetesVersion("kubelet", "1.33.1-1.1", kDpkg)
                       .Build();
  auto node = DetectNodeVersion(e);
  REQUIRE(node);
  CHECK(node->minor == 33);
  CHECK(node->text == "1.33.1-1.1");
  CHECK(node->origin == std::string("kubelet: ") + kDpkg);
}

TEST_CASE("an upgrade under way: kubelet 1.32 and API server 1.33 are each judged by their own",
          "[version]") {
  NodeEvidence e =
      EvidenceBuilder()
          .KubernetesVersion("kube-apiserver", "v1.33.1", kApiserverTag)
          .KubernetesVersion("kube-controller-manager", "v1.33.1", "image tag in cm.yaml")
          .KubernetesVersion("kubeadm", "1.33.1-1.1",
                             "Version of package kubeadm in /var/lib/dpkg/status")
          .KubernetesVersion("kubectl", "1.30.0-1.1",
                             "Version of package kubectl in /var/lib/dpkg/status")
          .KubernetesVersion("kubelet", "1.32.4-1.1", kDpkg)
          .Build();
  // The node (and so its benchmark) goes by the kubelet, and says what differs.
  auto node = DetectNodeVersion(e);
  REQUIRE(node);
  CHECK(node->minor == 32);
  CHECK(node->disagreeing == std::vector<std::string>{"kube-apiserver v1.33.1",
                                                      "kube-controller-manager v1.33.1",
                                                      "kubeadm 1.33.1-1.1"});
  CHECK(
      node->origin ==
      std::string("kubelet: ") + kDpkg +
          "; differs: kube-apiserver v1.33.1, kube-controller-manager v1.33.1, kubeadm 1.33.1-1.1");
  // Each component's defaults come from its own evidence.
  CHECK(Choose("kubelet", e).minor == 32);
  CHECK(Choose("kubelet", e).origin == std::string("1.32.4-1.1 from ") + kDpkg);
  CHECK(Choose("kube-apiserver", e).minor == 33);
  CHECK(Choose("kube-apiserver", e).origin == std::string("v1.33.1 from ") + kApiserverTag);
  // One without evidence of its own follows the node.
  VersionChoice scheduler = Choose("kube-scheduler", e);
  CHECK(scheduler.minor == 32);
  CHECK_FALSE(scheduler.assumed);
  CHECK(scheduler.origin.rfind("1.32.4-1.1 of the node, from kubelet: ", 0) == 0);
  // The answer does not depend on the order the bundle lists them in.
  NodeEvidence reversed = EvidenceBuilder()
                              .KubernetesVersion("kubelet", "1.32.4-1.1", kDpkg)
                              .KubernetesVersion("kubectl", "1.30.0-1.1", "pkg")
                              .KubernetesVersion("kubeadm", "1.33.1-1.1", "pkg")
                              .KubernetesVersion("kube-apiserver", "v1.33.1", kApiserverTag)
                              .Build();
  CHECK(DetectNodeVersion(reversed)->minor == 32);
  CHECK(Choose("kube-apiserver", reversed).minor == 33);
}

TEST_CASE(
    "node version order: distribution, API server, other control plane, kubeadm; never kubectl or "
    "etcd",
    "[version]") {
  auto detect = [](EvidenceBuilder b) {
    auto node = DetectNodeVersion(b.Build());
    return node ? node->origin.substr(0, node->origin.find(';')) : std::string("none");
  };
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kube-apiserver", "v1.33.1", "tag")
                   .KubernetesVersion("rke2", "1.33.1-0.el9", "rpm")) == "rke2: rpm");
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kube-apiserver", "v1.33.1", "tag")
                   .KubernetesVersion("k3s", "1.32.4+k3s1", "pkg")) == "k3s: pkg");
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kubeadm", "1.33.1-1.1", "pkg")
                   .KubernetesVersion("kube-proxy", "v1.32.0", "tag")) == "kube-proxy: tag");
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kubectl", "1.33.1-1.1", "pkg")
                   .KubernetesVersion("kubeadm", "1.32.4-1.1", "pkg2")) == "kubeadm: pkg2");
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kubectl", "1.33.1-1.1", "pkg")
                   .KubernetesVersion("etcd", "v3.5.15", "tag")) == "none");
  // Versions that are not 1.x are passed over, not taken as "no evidence" for the component.
  CHECK(detect(EvidenceBuilder()
                   .KubernetesVersion("kubelet", "latest", "tag")
                   .KubernetesVersion("kube-apiserver", "v1.31.2", "tag2")) ==
        "kube-apiserver: tag2");
}

TEST_CASE("several versions of one component: the newest, by minor then patch", "[version]") {
  NodeEvidence e = EvidenceBuilder()
                       .KubernetesVersion("kubelet", "1.32.9-1.1", "a")
                       .KubernetesVersion("kubelet", "1.33.1-1.1", "b")
                       .KubernetesVersion("kubelet", "1.33.0-1.1", "c")
                       .KubernetesVersion("kubelet", "1.33.1-2.0", "d")
                       .Build();
  auto node = DetectNodeVersion(e);
  REQUIRE(node);
  CHECK(node->origin == "kubelet: b; differs: kubelet 1.32.9-1.1");  // 1.33.1 twice: the first
  CHECK(node->disagreeing == std::vector<std::string>{"kubelet 1.32.9-1.1"});
  CHECK(Choose("kubelet", e).origin == "1.33.1-1.1 from b");
}

TEST_CASE("ChooseVersion: override, own entry, own manifest, distribution, node, assumed",
          "[version]") {
  NodeEvidence e = EvidenceBuilder()
                       .KubernetesVersion("k3s", "1.32.4+k3s1", "package k3s")
                       .KubernetesVersion("kubelet", "1.31.1-1.1", kDpkg)
                       .Build();
  CHECK(Choose("kubelet", e, std::string("v1.34.0")).origin == "given with --k8s-version");
  CHECK(Choose("kubelet", e, std::string("v1.34.0")).minor == 34);
  CHECK(Choose("kubelet", e).minor == 31);

  ComponentInstance manifest;
  manifest.component = "kube-apiserver";
  manifest.manifest_path = "/etc/kubernetes/manifests/kube-apiserver.yaml";
  manifest.manifest_version = "v1.30.2";
  VersionChoice from_manifest =
      ChooseVersion("kube-apiserver", e, manifest, std::nullopt, "1.18", "cis-test");
  CHECK(from_manifest.minor == 30);
  CHECK(from_manifest.origin ==
        "v1.30.2 from the image tag in /etc/kubernetes/manifests/kube-apiserver.yaml");

  // k3s builds the API server in: its package speaks for it before the node's kubelet.
  CHECK(Choose("kube-apiserver", e).minor == 32);
  CHECK(Choose("kube-apiserver", e).origin == "1.32.4+k3s1 of k3s on this node, from package k3s");

  NodeEvidence kubelet_only =
      EvidenceBuilder().KubernetesVersion("kubelet", "1.31.1-1.1", kDpkg).Build();
  CHECK(Choose("kube-proxy", kubelet_only).origin ==
        std::string("1.31.1-1.1 of the node, from kubelet: ") + kDpkg);
}

}  // namespace
}  // namespace kubeproof
