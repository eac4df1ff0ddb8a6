// Version detection on every sample node: stage it, collect it, read the bundle back, and check
// the node's version and the evidence it rests on. Every sample under samples/nodes needs a row
// here, so a node added later is covered as soon as it lands.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_version.h"
#include "analyzer/settings/effective_settings.h"
#include "tests/support/sample_evidence.h"
#include "tools/sample_nodes.h"

namespace kubeproof {
namespace {

struct ExpectedVersion {
  std::string node;           // cluster/node under samples/nodes
  std::optional<int> minor;   // nullopt: the evidence shows no version
  std::string origin_starts;  // the component and the kind of evidence
  std::string origin_names;   // the file or directory it was read from
};

// One row per sample node; a row without its sample, or a sample without its row, fails.
const std::vector<ExpectedVersion> kExpected = {
    {"self-managed/cp-1", 20, "kube-apiserver: image tag in ",
     "/etc/kubernetes/manifests/kube-apiserver.yaml"},
    // kube-proxy runs as a DaemonSet; the kubelet's deb names the node's version.
    {"self-managed/worker-1", 20, "kubelet: Version of package kubelet", "/var/lib/dpkg/status"},
    // EKS AL2 installs the kubelet from S3 and records its version nowhere on the node.
    {"eks-style/ip-10-0-1-11", std::nullopt, "", ""},
    {"eks-style/ip-10-0-1-12", std::nullopt, "", ""},
    {"aks-style/aks-nodepool1-0", std::nullopt, "", ""},
    {"aks-style/aks-nodepool1-1", std::nullopt, "", ""},
    {"managed-cp/cp-hidden", 20, "kube-apiserver: image tag in ",
     "/etc/kubernetes/manifests/kube-apiserver.yaml"},
    // k3s names its data directory by a hash of its binaries; nothing on the node names its
    // release.
    {"k3s/server-1", std::nullopt, "", ""},
    // The modern samples: the kubelet's package, RKE2's runtime directory, still nothing for k3s.
    {"kubeadm-133/cp-1", 33, "kubelet: Version of package kubelet", "/var/lib/dpkg/status"},
    {"kubeadm-132/worker-1", 32, "kubelet: Version of package kubelet", "/var/lib/dpkg/status"},
    {"rke2/server-1", 33, "kubelet: RKE2 runtime directory v1.33", "/var/lib/rancher/rke2/"},
    {"k3s-132/server-1", std::nullopt, "", ""},
    // The managed workers: the EKS AMI saves `kubelet --version`; AKS installs the kubelet from
    // the release tarball and writes its version nowhere; GKE's kube-proxy static pod names it.
    {"eks-prod/ip-10-42-3-17", 32, "kubelet: kubelet --version output saved in ",
     "/etc/eks/kubelet-version.txt"},
    {"aks-payments/aks-nodepool1-12345678-vmss000000", std::nullopt, "", ""},
    {"gke-analytics/gke-analytics-default-pool-5f2a9c1e-x7kq", 33, "kube-proxy: image tag in ",
     "/etc/kubernetes/manifests/kube-proxy.manifest"},
};

TEST_CASE("every sample node has a row in the version table", "[version][samples]") {
  for (const samples::SampleNode& node : samples::ListSampleNodes()) {
    std::string name = node.cluster + "/" + node.node;
    CAPTURE(name);
    CHECK(std::any_of(kExpected.begin(), kExpected.end(),
                      [&](const ExpectedVersion& e) { return e.node == name; }));
  }
}

TEST_CASE("each sample node's version and the evidence it rests on", "[version][samples]") {
  std::vector<samples::SampleNode> nodes = samples::ListSampleNodes();
  for (const ExpectedVersion& expected : kExpected) {
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](const samples::SampleNode& n) {
      return n.cluster + "/" + n.node == expected.node;
    });
    if (it == nodes.end()) {
      FAIL_CHECK("no sample " << expected.node << " for its version row");
      continue;
    }
    CAPTURE(expected.node);
    NodeEvidence evidence = testing::CollectSampleEvidence(*it);
    std::optional<NodeVersion> version = DetectNodeVersion(evidence);
    if (!expected.minor) {
      INFO("detected: " << (version ? version->origin : std::string("none")));
      CHECK_FALSE(version);
      continue;
    }
    REQUIRE(version);
    CAPTURE(version->origin);
    CHECK(version->minor == *expected.minor);
    CHECK(version->origin.rfind(expected.origin_starts, 0) == 0);
    CHECK(version->origin.find(expected.origin_names) != std::string::npos);
    // The kubelet's defaults then come from evidence too, never from an assumed version.
    ComponentInstance none;
    CHECK_FALSE(ChooseVersion("kubelet", evidence, none, std::nullopt, "1.18", "test").assumed);
  }
}

}  // namespace
}  // namespace kubeproof
