// Platform detection and the automatic benchmark choice on every sample node: stage it, collect
// it, read the bundle back, and check the platform, the marker it rests on and the benchmark the
// shipped rules choose. Every sample under samples/nodes needs a row here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analyzer/rules/node_evaluation.h"
#include "tests/support/sample_evidence.h"
#include "tools/sample_nodes.h"

namespace kubeproof {
namespace {

struct ExpectedPlatform {
  std::string node;      // cluster/node under samples/nodes
  std::string platform;  // an id of benchmarks/platforms/, or "unknown"
  std::string variant;
  std::string origin;     // the marker it rests on
  std::string benchmark;  // chosen automatically from every shipped benchmark
};

const std::vector<ExpectedPlatform> kExpected = {
    {"self-managed/cp-1", "kubeadm", "control plane",
     "kubelet flag --kubeconfig=/etc/kubernetes/kubelet.conf (pid 1093)", "cis-1.6.0"},
    {"self-managed/worker-1", "kubeadm", "worker",
     "kubelet flag --kubeconfig=/etc/kubernetes/kubelet.conf (pid 1120)", "cis-1.6.0"},
    // EKS AL2, Kubernetes 1.20: its platform's benchmark, whatever the version.
    {"eks-style/ip-10-0-1-11", "eks", "Amazon Linux 2 (bootstrap.sh)",
     "file /etc/kubernetes/kubelet/kubelet-config.json", "eks-1.8.0"},
    {"eks-style/ip-10-0-1-12", "eks", "Amazon Linux 2 (bootstrap.sh)",
     "file /etc/kubernetes/kubelet/kubelet-config.json", "eks-1.8.0"},
    {"aks-style/aks-nodepool1-0", "aks", "Ubuntu", "file /etc/kubernetes/azure.json", "aks-1.8.0"},
    {"aks-style/aks-nodepool1-1", "aks", "Ubuntu", "file /etc/kubernetes/azure.json", "aks-1.8.0"},
    {"managed-cp/cp-hidden", "kubeadm", "control plane", "file /var/lib/kubelet/kubeadm-flags.env",
     "cis-1.6.0"},
    {"k3s/server-1", "k3s", "server", "k3s-server running (pid 1402)", "cis-1.12.0"},
    {"kubeadm-133/cp-1", "kubeadm", "control plane",
     "kubelet flag --kubeconfig=/etc/kubernetes/kubelet.conf (pid 1187)", "cis-1.12.0"},
    {"kubeadm-132/worker-1", "kubeadm", "worker",
     "kubelet flag --kubeconfig=/etc/kubernetes/kubelet.conf (pid 1032)", "cis-1.12.0"},
    {"rke2/server-1", "rke2", "server",
     "kubelet flag --kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig (pid 1402)",
     "cis-1.12.0"},
    {"k3s-132/server-1", "k3s", "server", "k3s-server running (pid 1533)", "cis-1.12.0"},
    {"eks-prod/ip-10-42-3-17", "eks", "Amazon Linux 2023 (nodeadm)",
     "file /etc/eks/kubelet/environment", "eks-1.8.0"},
    {"aks-payments/aks-nodepool1-12345678-vmss000000", "aks", "Ubuntu",
     "file /opt/azure/containers/kubelet.sh", "aks-1.8.0"},
    {"gke-analytics/gke-analytics-default-pool-5f2a9c1e-x7kq", "gke", "Container-Optimized OS",
     "file /home/kubernetes/kubelet-config.yaml", "gke-1.9.0"},
};

// Every shipped benchmark, chosen among per node as `ingest` does by default.
const RuleSet& ShippedRules() {
  static const RuleSet rules = [] {
    RuleSet r;
    auto ids = ListBenchmarks(KUBEPROOF_SOURCE_DIR "/benchmarks");
    if (!ids.ok()) throw std::runtime_error(ids.status().message());
    auto catalogs = LoadRuleCatalogs(KUBEPROOF_SOURCE_DIR "/benchmarks");
    if (!catalogs.ok()) throw std::runtime_error(catalogs.status().message());
    for (const auto& id : *ids) {
      auto b = LoadBenchmark(KUBEPROOF_SOURCE_DIR "/benchmarks", id, *catalogs);
      if (!b.ok()) throw std::runtime_error(b.status().message());
      r.benchmarks.push_back(std::move(b).value());
    }
    return r;
  }();
  return rules;
}

TEST_CASE("every sample node has a row in the platform table", "[platform][samples]") {
  for (const samples::SampleNode& node : samples::ListSampleNodes()) {
    std::string name = node.cluster + "/" + node.node;
    CAPTURE(name);
    CHECK(std::any_of(kExpected.begin(), kExpected.end(),
                      [&](const ExpectedPlatform& e) { return e.node == name; }));
  }
}

TEST_CASE("each sample node's platform, its marker and the benchmark chosen for it",
          "[platform][samples]") {
  std::vector<samples::SampleNode> nodes = samples::ListSampleNodes();
  for (const ExpectedPlatform& expected : kExpected) {
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](const samples::SampleNode& n) {
      return n.cluster + "/" + n.node == expected.node;
    });
    if (it == nodes.end()) {
      FAIL_CHECK("no sample " << expected.node << " for its platform row");
      continue;
    }
    CAPTURE(expected.node);
    NodeEvidence evidence = testing::CollectSampleEvidence(*it);
    NodePlatform platform = NodePlatformFor(ShippedRules(), evidence);
    CHECK(platform.platform == expected.platform);
    CHECK(platform.variant == expected.variant);
    CHECK(platform.origin == expected.origin);
    std::vector<NodeEvaluation> evaluations = EvaluateNode(ShippedRules(), evidence);
    REQUIRE(evaluations.size() == 1);
    CHECK(evaluations[0].choice.benchmark->id == expected.benchmark);
    CHECK(evaluations[0].choice.platform.platform == expected.platform);
  }
}

}  // namespace
}  // namespace kubeproof
