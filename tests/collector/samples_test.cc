#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/collector/collector_test_util.h"
#include "tools/sample_nodes.h"

namespace kubeproof {
namespace {

using testing::FileRecord;
using testing::ReadWholeFile;
using testing::RunShell;
using testing::TempDir;
using testing::UnpackBundle;

struct CollectedSample {
  std::map<std::string, std::string> members;
  nlohmann::json manifest;
  nlohmann::json processes;
  bool verified = false;
};

// Stages the sample with its modes and owners, runs the collector binary on it, unpacks the bundle.
CollectedSample CollectSample(const std::string& cluster, const std::string& node) {
  TempDir dir;
  samples::SampleNode sample{cluster, node, samples::SampleNodesDir() / cluster / node};
  std::filesystem::path root = samples::StageSampleNode(sample, dir.path());
  std::filesystem::create_directories(root / "proc");
  std::string out = dir.path() + "/bundle.tar.gz";
  REQUIRE(RunShell(testing::CollectorBinary() + " --root " + root.string() + " --cluster " + cluster +
                   " -o " + out + " 2>/dev/null") == 0);
  CollectedSample collected;
  collected.verified = testing::VerifiesWithSha256sum(out);
  collected.members = UnpackBundle(ReadWholeFile(out));
  collected.manifest = nlohmann::json::parse(collected.members.at("manifest.json"));
  collected.processes = nlohmann::json::parse(collected.members.at("evidence/processes.json"))["processes"];
  return collected;
}

std::vector<std::string> Components(const CollectedSample& s) {
  std::vector<std::string> out;
  for (const auto& p : s.processes) out.push_back(p["component"]);
  return out;
}

std::string Policy(const CollectedSample& s, const std::string& path) {
  nlohmann::json r = FileRecord(s.members, path);
  if (!r.is_object()) return "not examined";
  if (r["content"].is_null()) return r["status"];
  return r["content"]["policy"];
}

TEST_CASE("no sample canary appears in any sample bundle, and every bundle verifies", "[collector][samples]") {
  std::vector<std::string> canaries = samples::SampleCanaries();
  REQUIRE_FALSE(canaries.empty());
  std::vector<samples::SampleNode> nodes = samples::ListSampleNodes();
  REQUIRE(nodes.size() >= 5);
  for (const samples::SampleNode& node : nodes) {
    CAPTURE(node.cluster, node.node);
    CollectedSample s = CollectSample(node.cluster, node.node);
    CHECK(s.verified);
    CHECK_FALSE(testing::AnyMemberContains(s.members, "KUBEPROOF-CANARY"));
    for (const std::string& canary : canaries) {
      CAPTURE(canary);
      CHECK_FALSE(testing::AnyMemberContains(s.members, canary));
    }
  }
}

TEST_CASE("kubeadm control plane sample: all components, manifests redacted, keys stat only", "[collector][samples]") {
  CollectedSample s = CollectSample("self-managed", "cp-1");
  CHECK(Components(s) == std::vector<std::string>{"etcd", "kube-apiserver", "kube-controller-manager",
                                                  "kube-scheduler", "kubelet"});
  CHECK(s.manifest["collection"]["process_view"] == "full");
  CHECK(Policy(s, "/etc/kubernetes/admin.conf") == "redacted");
  // Manifests keep the safe flags' values; the rest (probes' hosts, --initial-cluster ...) goes.
  CHECK(Policy(s, "/etc/kubernetes/manifests/etcd.yaml") == "redacted");
  CHECK(Policy(s, "/etc/kubernetes/pki/ca.crt") == "stat-only");
  CHECK(Policy(s, "/etc/kubernetes/pki/ca.key") == "ok");  // stat record, no content
  CHECK(Policy(s, "/etc/kubernetes/auth/tokens.csv") == "ok");
  CHECK(s.members.count("files/etc/kubernetes/pki/ca.key") == 0);
  nlohmann::json etcd_dir = FileRecord(s.members, "/var/lib/etcd");
  CHECK(etcd_dir["mode"] == "0700");
  CHECK(etcd_dir["owner"] == "etcd");
  CHECK(FileRecord(s.members, "/var/lib/etcd/member").is_null());
  CHECK(FileRecord(s.members, "/etc/kubernetes/pki/front-proxy-client.key")["mode"] == "0644");
  bool apiserver_version = false;
  for (const auto& v : s.manifest["kubernetes_versions"]) {
    apiserver_version = apiserver_version || (v["component"] == "kube-apiserver" && v["version"] == "v1.20.4");
  }
  CHECK(apiserver_version);
}

TEST_CASE("kubeadm worker sample: kubelet and kube-proxy, config named by --config copied", "[collector][samples]") {
  CollectedSample s = CollectSample("self-managed", "worker-1");
  CHECK(Components(s) == std::vector<std::string>{"kube-proxy", "kubelet"});
  CHECK(Policy(s, "/var/lib/kubelet/config.yaml") == "copied");
  CHECK(FileRecord(s.members, "/var/lib/kubelet/config.yaml")["why"][0] == "kubelet --config");
  CHECK(Policy(s, "/etc/kubernetes/pki/ca.crt") == "stat-only");
  CHECK(Policy(s, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf") != "not examined");
  CHECK(Policy(s, "/var/lib/kubelet/pki/kubelet.key") == "ok");
}

TEST_CASE("EKS-style sample: kubelet-config.json found from the process flag", "[collector][samples]") {
  CollectedSample s = CollectSample("eks-style", "ip-10-0-1-11");
  CHECK(Components(s) == std::vector<std::string>{"kube-proxy", "kubelet"});
  nlohmann::json config = FileRecord(s.members, "/etc/kubernetes/kubelet/kubelet-config.json");
  REQUIRE(config.is_object());
  CHECK(config["content"]["policy"] == "copied");
  CHECK(std::find(config["why"].begin(), config["why"].end(), "kubelet --config") != config["why"].end());
  CHECK(Policy(s, "/var/lib/kubelet/kubeconfig") != "not examined");
}

TEST_CASE("AKS-style sample: /etc/default/kubelet copied, azure.json secrets redacted", "[collector][samples]") {
  CollectedSample s = CollectSample("aks-style", "aks-nodepool1-0");
  CHECK(Components(s) == std::vector<std::string>{"kube-proxy", "kubelet"});
  CHECK(Policy(s, "/etc/default/kubelet") != "not examined");
  CHECK(Policy(s, "/etc/kubernetes/azure.json") == "redacted");
  CHECK(Policy(s, "/etc/kubernetes/certs/client.key") == "ok");
  CHECK(s.members.count("files/etc/kubernetes/certs/client.key") == 0);
}

TEST_CASE("k3s sample: one k3s server process, token redacted, pass-through files followed", "[collector][samples]") {
  CollectedSample s = CollectSample("k3s", "server-1");
  REQUIRE(Components(s) == std::vector<std::string>{"k3s-server"});
  CHECK(s.processes[0]["argv"][2] == "--token=<redacted>");
  CHECK(Policy(s, "/etc/rancher/k3s/config.yaml") == "redacted");
  CHECK(Policy(s, "/var/lib/rancher/k3s/server/audit.yaml") == "copied");
  CHECK(Policy(s, "/var/lib/rancher/k3s/server/cred/passwd") == "ok");
  CHECK(Policy(s, "/var/lib/rancher/k3s/server/token") == "ok");
  CHECK(FileRecord(s.members, "/var/lib/rancher/k3s/server/db/etcd")["type"] == "dir");
}

TEST_CASE("hidden control plane sample: no process, limited view, declared manifests still copied", "[collector][samples]") {
  CollectedSample s = CollectSample("managed-cp", "cp-hidden");
  CHECK(s.processes.empty());
  CHECK(s.manifest["collection"]["process_view"] == "limited");
  CHECK(Policy(s, "/etc/kubernetes/manifests/kube-apiserver.yaml") != "not examined");
  CHECK(Policy(s, "/var/lib/kubelet/config.yaml") == "copied");
}

}  // namespace
}  // namespace kubeproof
