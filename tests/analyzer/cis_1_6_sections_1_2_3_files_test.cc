// Sections 1.1, 1.3, 1.4, 2 and 3 of CIS 1.6.0 evaluated from the shipped rule files: for every
// check a compliant kubeadm-style control plane passes, one mutation fails it, and a node without
// the check's component is unverifiable.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;
using testing::FileAttributes;

using testing::Cis16;

constexpr std::int64_t kEtcdUid = 998;

const FileAttributes kEtcdDir{0700, kEtcdUid, kEtcdUid, "etcd", "etcd"};

EvidenceBuilder CompliantControlPlane() {
  EvidenceBuilder b;
  b.KubernetesVersion("kube-apiserver", "v1.20.4")
      .KubernetesVersion("kube-controller-manager", "v1.20.4")
      .KubernetesVersion("kube-scheduler", "v1.20.4")
      .Process("kube-apiserver", {"kube-apiserver", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                                  "--audit-policy-file=/etc/kubernetes/audit-policy.yaml"})
      .Process("kube-controller-manager",
               {"kube-controller-manager", "--bind-address=127.0.0.1",
                "--kubeconfig=/etc/kubernetes/controller-manager.conf", "--profiling=false",
                "--root-ca-file=/etc/kubernetes/pki/ca.crt",
                "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
                "--terminated-pod-gc-threshold=10", "--use-service-account-credentials=true"})
      .Process("kube-scheduler", {"kube-scheduler", "--bind-address=127.0.0.1",
                                  "--kubeconfig=/etc/kubernetes/scheduler.conf", "--profiling=false"})
      .Process("etcd", {"etcd", "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true",
                        "--data-dir=/var/lib/etcd", "--key-file=/etc/kubernetes/pki/etcd/server.key",
                        "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true",
                        "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
                        "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"})
      .File("/etc/kubernetes/manifests/kube-apiserver.yaml", "kind: Pod\n", {0600})
      .File("/etc/kubernetes/manifests/kube-controller-manager.yaml", "kind: Pod\n", {0600})
      .File("/etc/kubernetes/manifests/kube-scheduler.yaml", "kind: Pod\n", {0600})
      .File("/etc/kubernetes/manifests/etcd.yaml", "kind: Pod\n", {0600})
      .Directory("/var/lib/etcd", kEtcdDir)
      .StatOnly("/etc/kubernetes/admin.conf", {0600})
      .StatOnly("/etc/kubernetes/scheduler.conf", {0600})
      .StatOnly("/etc/kubernetes/controller-manager.conf", {0600})
      .Absent("/etc/containerd/config.toml")  // containerd reads its default CNI directory
      .Directory("/etc/cni/net.d")
      .File("/etc/cni/net.d/10-calico.conflist", "{}\n", {0644})
      .File("/etc/cni/net.d/calico-kubeconfig", "apiVersion: v1\n", {0600})
      .Directory("/etc/kubernetes/pki")
      .StatOnly("/etc/kubernetes/pki/ca.crt", {0644})
      .StatOnly("/etc/kubernetes/pki/ca.key", {0600})
      .StatOnly("/etc/kubernetes/pki/sa.key", {0600})
      .StatOnly("/etc/kubernetes/pki/sa.pub", {0644})
      .Directory("/etc/kubernetes/pki/etcd")
      .StatOnly("/etc/kubernetes/pki/etcd/ca.crt", {0644})
      .StatOnly("/etc/kubernetes/pki/etcd/ca.key", {0600})
      .StatOnly("/etc/kubernetes/pki/etcd/server.crt", {0444})
      .StatOnly("/etc/kubernetes/pki/etcd/server.key", {0400});
  return b;
}

FileEvidence& Record(NodeEvidence& e, const std::string& path) {
  for (auto& f : e.files) {
    if (f.path == path) return f;
  }
  FAIL("no record " << path);
  throw;
}

void Chmod(NodeEvidence& e, const std::string& path, std::uint32_t mode) { Record(e, path).mode = mode; }

void ChownUser(NodeEvidence& e, const std::string& path, std::int64_t uid, const std::string& name) {
  auto& f = Record(e, path);
  f.uid = uid;
  f.owner = name;
}

void ChownGroup(NodeEvidence& e, const std::string& path, std::int64_t gid, const std::string& name) {
  auto& f = Record(e, path);
  f.gid = gid;
  f.group = name;
}

ProcessEvidence& ProcessOf(NodeEvidence& e, const std::string& component) {
  for (auto& p : e.processes) {
    if (p.component == component) return p;
  }
  FAIL("no process " << component);
  throw;
}

// Appends an argument: a later scalar flag wins over an earlier one.
void AddArg(NodeEvidence& e, const std::string& component, const std::string& arg) {
  ProcessOf(e, component).argv.push_back(arg);
}

// Removes every `--name=...` argument of the component.
void RemoveArg(NodeEvidence& e, const std::string& component, const std::string& name) {
  auto& argv = ProcessOf(e, component).argv;
  std::string prefix = "--" + name + "=";
  auto before = argv.size();
  std::erase_if(argv, [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
  REQUIRE(argv.size() < before);
}

// Removes the component's process and its static pod manifests: neither running nor declared.
void DropComponent(NodeEvidence& e, const std::string& component) {
  std::erase_if(e.processes, [&](const ProcessEvidence& p) { return p.component == component; });
  std::string manifest = "/etc/kubernetes/manifests/" + component + ".yaml";
  std::erase_if(e.files, [&](const FileEvidence& f) { return f.path == manifest; });
}

using testing::FindingFor;

// The finding by value: the evaluation it came from does not outlive the call.
Finding Judge(const NodeEvidence& e, const std::string& id) {
  Evaluation ev = Evaluate(Cis16(), e, {});
  return FindingFor(ev, id);
}

struct ControlPlaneCase {
  std::string id;
  std::string component;  // removed for the unverifiable case
  std::function<void(NodeEvidence&)> make_fail;
};

std::vector<ControlPlaneCase> Cases() {
  const std::string m = "/etc/kubernetes/manifests/";
  return {
      // 1.1 Control plane node configuration files
      {"1.1.1", "kube-apiserver", [m](NodeEvidence& e) { Chmod(e, m + "kube-apiserver.yaml", 0664); }},
      {"1.1.2", "kube-apiserver", [m](NodeEvidence& e) { ChownUser(e, m + "kube-apiserver.yaml", 1000, "admin"); }},
      {"1.1.3", "kube-controller-manager", [m](NodeEvidence& e) { Chmod(e, m + "kube-controller-manager.yaml", 0646); }},
      {"1.1.4", "kube-controller-manager", [m](NodeEvidence& e) { ChownGroup(e, m + "kube-controller-manager.yaml", 50, "staff"); }},
      {"1.1.5", "kube-scheduler", [m](NodeEvidence& e) { Chmod(e, m + "kube-scheduler.yaml", 0744); }},
      {"1.1.6", "kube-scheduler", [m](NodeEvidence& e) { ChownUser(e, m + "kube-scheduler.yaml", 1000, "admin"); }},
      {"1.1.7", "etcd", [m](NodeEvidence& e) { Chmod(e, m + "etcd.yaml", 0666); }},
      {"1.1.8", "etcd", [m](NodeEvidence& e) { ChownGroup(e, m + "etcd.yaml", 1000, "admin"); }},
      {"1.1.9", "kube-apiserver", [](NodeEvidence& e) { Chmod(e, "/etc/cni/net.d/10-calico.conflist", 0664); }},
      {"1.1.10", "kube-apiserver", [](NodeEvidence& e) { ChownUser(e, "/etc/cni/net.d/calico-kubeconfig", 1000, "admin"); }},
      {"1.1.11", "etcd", [](NodeEvidence& e) { Chmod(e, "/var/lib/etcd", 0750); }},
      {"1.1.12", "etcd", [](NodeEvidence& e) { ChownUser(e, "/var/lib/etcd", 0, "root"); }},
      {"1.1.13", "kube-apiserver", [](NodeEvidence& e) { Chmod(e, "/etc/kubernetes/admin.conf", 0666); }},
      {"1.1.14", "kube-apiserver", [](NodeEvidence& e) { ChownUser(e, "/etc/kubernetes/admin.conf", 1000, "admin"); }},
      {"1.1.15", "kube-scheduler", [](NodeEvidence& e) { Chmod(e, "/etc/kubernetes/scheduler.conf", 0660); }},
      {"1.1.16", "kube-scheduler", [](NodeEvidence& e) { ChownGroup(e, "/etc/kubernetes/scheduler.conf", 1000, "admin"); }},
      {"1.1.17", "kube-controller-manager", [](NodeEvidence& e) { Chmod(e, "/etc/kubernetes/controller-manager.conf", 0606); }},
      {"1.1.18", "kube-controller-manager", [](NodeEvidence& e) { ChownUser(e, "/etc/kubernetes/controller-manager.conf", 1000, "admin"); }},
      {"1.1.19", "kube-apiserver", [](NodeEvidence& e) { ChownGroup(e, "/etc/kubernetes/pki/etcd/server.key", 1000, "admin"); }},
      {"1.1.20", "kube-apiserver", [](NodeEvidence& e) { Chmod(e, "/etc/kubernetes/pki/etcd/ca.crt", 0664); }},
      {"1.1.21", "kube-apiserver", [](NodeEvidence& e) { Chmod(e, "/etc/kubernetes/pki/sa.key", 0640); }},
      // 1.3 Controller manager
      {"1.3.1", "kube-controller-manager", [](NodeEvidence& e) { AddArg(e, "kube-controller-manager", "--terminated-pod-gc-threshold=0"); }},
      {"1.3.2", "kube-controller-manager", [](NodeEvidence& e) { RemoveArg(e, "kube-controller-manager", "profiling"); }},
      {"1.3.3", "kube-controller-manager", [](NodeEvidence& e) { RemoveArg(e, "kube-controller-manager", "use-service-account-credentials"); }},
      {"1.3.4", "kube-controller-manager", [](NodeEvidence& e) { RemoveArg(e, "kube-controller-manager", "service-account-private-key-file"); }},
      {"1.3.5", "kube-controller-manager", [](NodeEvidence& e) { RemoveArg(e, "kube-controller-manager", "root-ca-file"); }},
      {"1.3.6", "kube-controller-manager", [](NodeEvidence& e) { AddArg(e, "kube-controller-manager", "--feature-gates=RotateKubeletServerCertificate=false"); }},
      {"1.3.7", "kube-controller-manager", [](NodeEvidence& e) { RemoveArg(e, "kube-controller-manager", "bind-address"); }},
      // 1.4 Scheduler
      {"1.4.1", "kube-scheduler", [](NodeEvidence& e) { AddArg(e, "kube-scheduler", "--profiling=true"); }},
      {"1.4.2", "kube-scheduler", [](NodeEvidence& e) { AddArg(e, "kube-scheduler", "--bind-address=0.0.0.0"); }},
      // 2 etcd
      {"2.1", "etcd", [](NodeEvidence& e) { RemoveArg(e, "etcd", "key-file"); }},
      {"2.2", "etcd", [](NodeEvidence& e) { RemoveArg(e, "etcd", "client-cert-auth"); }},
      {"2.3", "etcd", [](NodeEvidence& e) { AddArg(e, "etcd", "--auto-tls"); }},
      {"2.4", "etcd", [](NodeEvidence& e) { RemoveArg(e, "etcd", "peer-cert-file"); }},
      {"2.5", "etcd", [](NodeEvidence& e) { AddArg(e, "etcd", "--peer-client-cert-auth=false"); }},
      {"2.6", "etcd", [](NodeEvidence& e) { AddArg(e, "etcd", "--peer-auto-tls=true"); }},
      {"2.7", "etcd", [](NodeEvidence& e) { AddArg(e, "etcd", "--trusted-ca-file=/etc/kubernetes/pki/ca.crt"); }},
      // 3.2 Logging
      {"3.2.1", "kube-apiserver", [](NodeEvidence& e) { RemoveArg(e, "kube-apiserver", "audit-policy-file"); }},
  };
}

bool InSections(const CheckDefinition& c) {
  return c.section == "1.1" || c.section == "1.3" || c.section == "1.4" || c.section == "2" ||
         c.section == "3.1" || c.section == "3.2";
}

}  // namespace

TEST_CASE("sections 1.1, 1.3, 1.4, 2 and 3 hold every CIS 1.6.0 check", "[cis][rules][cis-1.6.0]") {
  std::vector<std::string> ids;
  for (const auto& c : Cis16().checks) {
    if (InSections(c)) ids.push_back(c.id);
  }
  CHECK(ids.size() == 21 + 7 + 2 + 7 + 3);
  for (const auto& c : Cases()) CHECK(Cis16().FindCheck(c.id) != nullptr);
  for (const char* manual : {"3.1.1", "3.2.2"}) {
    const CheckDefinition* c = Cis16().FindCheck(manual);
    REQUIRE(c != nullptr);
    CHECK_FALSE(c->automated);
  }
}

TEST_CASE("checks the benchmark marks manual but that evidence decides are evaluated and not scored", "[cis][rules][cis-1.6.0]") {
  for (const char* id : {"1.1.9", "1.1.10", "1.1.20", "1.1.21", "1.3.1", "2.7", "3.2.1"}) {
    const CheckDefinition* c = Cis16().FindCheck(id);
    REQUIRE(c != nullptr);
    INFO(id);
    CHECK(c->automated);
    CHECK_FALSE(c->scored);
  }
}

TEST_CASE("every control plane check passes on a compliant control plane node", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const auto& c : Cases()) {
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kPass);
    CHECK_FALSE(f.actual.empty());
    CHECK_FALSE(f.source.empty());
  }
}

TEST_CASE("every control plane check fails when its evidence is not compliant", "[cis][rules][cis-1.6.0]") {
  for (const auto& c : Cases()) {
    NodeEvidence e = CompliantControlPlane().Build();
    c.make_fail(e);
    Evaluation ev = Evaluate(Cis16(), e, {});
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kFail);
    CHECK_FALSE(f.reason.empty());
  }
}

TEST_CASE("every control plane check is unverifiable when its component is absent", "[cis][rules][cis-1.6.0]") {
  for (const auto& c : Cases()) {
    NodeEvidence e = CompliantControlPlane().Build();
    DropComponent(e, c.component);
    Evaluation ev = Evaluate(Cis16(), e, {});
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.reason);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason == "not present on this node");
  }
}

TEST_CASE("the audit policy coverage and user client certificates need human judgement", "[cis][rules][cis-1.6.0]") {
  Evaluation ev = Evaluate(Cis16(), CompliantControlPlane().Build(), {});
  CHECK(FindingFor(ev, "3.1.1").status == CheckStatus::kManual);
  CHECK(FindingFor(ev, "3.2.2").status == CheckStatus::kManual);
}

TEST_CASE("a worker node with only a kubelet leaves sections 1.1 to 3 unverifiable, never passed", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = EvidenceBuilder()
                       .Process("kubelet", {"kubelet"})
                       .Directory("/etc/cni/net.d")
                       .File("/etc/cni/net.d/10-calico.conflist", "{}\n", {0644})
                       .Directory("/etc/kubernetes/pki")
                       .StatOnly("/etc/kubernetes/pki/ca.crt", {0644})
                       .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const auto& c : Cis16().checks) {
    if (!InSections(c) || !c.automated) continue;
    INFO(c.id);
    CHECK(FindingFor(ev, c.id).status == CheckStatus::kUnverifiable);
  }
}

TEST_CASE("a terminated pod threshold of 0 fails 1.3.1 and the unset default of 12500 passes", "[cis][rules][cis-1.6.0]") {
  NodeEvidence zero = CompliantControlPlane().Build();
  AddArg(zero, "kube-controller-manager", "--terminated-pod-gc-threshold=0");
  Finding off = Judge(zero, "1.3.1");
  CHECK(off.status == CheckStatus::kFail);
  CHECK(off.actual == "--terminated-pod-gc-threshold = 0");

  NodeEvidence unset = CompliantControlPlane().Build();
  RemoveArg(unset, "kube-controller-manager", "terminated-pod-gc-threshold");
  Evaluation ev = Evaluate(Cis16(), unset, {});
  const Finding& def = FindingFor(ev, "1.3.1");
  INFO(def.actual << " | " << def.source);
  CHECK(def.status == CheckStatus::kPass);
  CHECK(def.actual.find("12500") != std::string::npos);
  CHECK(def.source.find("default for Kubernetes 1.20") != std::string::npos);
}

TEST_CASE("controller manager and scheduler defaults fail profiling and bind address", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  RemoveArg(e, "kube-controller-manager", "profiling");
  RemoveArg(e, "kube-scheduler", "profiling");
  RemoveArg(e, "kube-scheduler", "bind-address");
  RemoveArg(e, "kube-controller-manager", "use-service-account-credentials");
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const char* id : {"1.3.2", "1.3.3", "1.4.1", "1.4.2"}) {
    const Finding& f = FindingFor(ev, id);
    INFO(id << ": " << f.actual << " | " << f.source);
    CHECK(f.status == CheckStatus::kFail);
    CHECK(f.source.find("default for Kubernetes 1.20") != std::string::npos);
  }
  CHECK(FindingFor(ev, "1.4.2").actual.find("0.0.0.0") != std::string::npos);
  // The feature gate's default is on, so 1.3.6 passes without any --feature-gates.
  const Finding& gate = FindingFor(ev, "1.3.6");
  CHECK(gate.status == CheckStatus::kPass);
  CHECK(gate.source.find("default") != std::string::npos);
}

TEST_CASE("a scheduler declared only by its kubeadm manifest is judged from the manifest", "[cis][rules][cis-1.6.0]") {
  EvidenceBuilder b = CompliantControlPlane();
  b.File("/etc/kubernetes/manifests/kube-scheduler.yaml",
         "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\n"
         "spec:\n  containers:\n  - command:\n    - kube-scheduler\n"
         "    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf\n"
         "    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf\n"
         "    - --bind-address=127.0.0.1\n    - --kubeconfig=/etc/kubernetes/scheduler.conf\n"
         "    - --leader-elect=true\n    image: registry.k8s.io/kube-scheduler:v1.29.0\n    name: kube-scheduler\n",
         {0600});
  NodeEvidence declared = b.Build();
  std::erase_if(declared.processes, [](const ProcessEvidence& p) { return p.component == "kube-scheduler"; });
  Evaluation ev = Evaluate(Cis16(), declared, {});
  const Finding& bind = FindingFor(ev, "1.4.2");
  INFO(bind.actual << " | " << bind.source);
  CHECK(bind.status == CheckStatus::kPass);
  CHECK(bind.source.find("declared") != std::string::npos);
  CHECK(bind.source.find("/etc/kubernetes/manifests/kube-scheduler.yaml") != std::string::npos);
  const Finding& profiling = FindingFor(ev, "1.4.1");
  CHECK(profiling.status == CheckStatus::kFail);
  CHECK(FindingFor(ev, "1.1.5").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.1.15").status == CheckStatus::kPass);
}

TEST_CASE("the etcd data directory is found from --data-dir and owned by the node's own etcd user", "[cis][rules][cis-1.6.0]") {
  // A different data directory: that directory is judged, not /var/lib/etcd.
  EvidenceBuilder b = CompliantControlPlane();
  b.Directory("/data/etcd", {0755, kEtcdUid, kEtcdUid, "etcd", "etcd"});
  NodeEvidence e = b.Build();
  AddArg(e, "etcd", "--data-dir=/data/etcd");
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.1.11").status == CheckStatus::kFail);
  CHECK(FindingFor(ev, "1.1.11").actual.find("/data/etcd mode 0755") != std::string::npos);
  CHECK(FindingFor(ev, "1.1.12").status == CheckStatus::kPass);

  // No --data-dir at all: the conventional /var/lib/etcd.
  NodeEvidence unset = CompliantControlPlane().Build();
  RemoveArg(unset, "etcd", "data-dir");
  Evaluation ev2 = Evaluate(Cis16(), unset, {});
  CHECK(FindingFor(ev2, "1.1.11").status == CheckStatus::kPass);
  CHECK(FindingFor(ev2, "1.1.11").source.find("/var/lib/etcd") != std::string::npos);

  // uid 998 with no name in the node's passwd is not "etcd", whatever the auditor's machine says.
  NodeEvidence nameless = CompliantControlPlane().Build();
  Record(nameless, "/var/lib/etcd").owner.reset();
  Finding f = Judge(nameless, "1.1.12");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.actual.find("998 (no name on the node)") != std::string::npos);

  // A data directory the collector recorded as missing is not a pass.
  NodeEvidence missing = CompliantControlPlane().Build();
  Record(missing, "/var/lib/etcd") = FileEvidence{};
  Record(missing, "").path = "/var/lib/etcd";
  Record(missing, "/var/lib/etcd").status = "absent";
  Finding gone = Judge(missing, "1.1.11");
  CHECK(gone.status == CheckStatus::kUnverifiable);
  CHECK(gone.reason.find("file not found") == 0);
}

TEST_CASE("PKI key and certificate modes are compared as bit masks", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  Chmod(e, "/etc/kubernetes/pki/ca.key", 0400);  // stricter than 600
  Chmod(e, "/etc/kubernetes/pki/ca.crt", 0600);  // stricter than 644
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.1.21").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.1.20").status == CheckStatus::kPass);

  // 0610 is numerically smaller than 0644 but grants group execute.
  NodeEvidence odd = CompliantControlPlane().Build();
  Chmod(odd, "/etc/kubernetes/pki/ca.crt", 0610);
  Finding f = Judge(odd, "1.1.20");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.reason.find("/etc/kubernetes/pki/ca.crt") != std::string::npos);
}

TEST_CASE("the PKI directory itself must belong to root for 1.1.19", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  ChownUser(e, "/etc/kubernetes/pki", 1000, "admin");
  CHECK(Judge(e, "1.1.19").status == CheckStatus::kFail);
}

TEST_CASE("the scheduler kubeconfig is the file its --kubeconfig names", "[cis][rules][cis-1.6.0]") {
  EvidenceBuilder b = CompliantControlPlane();
  b.StatOnly("/srv/k8s/scheduler.kubeconfig", {0644});
  NodeEvidence e = b.Build();
  AddArg(e, "kube-scheduler", "--kubeconfig=/srv/k8s/scheduler.kubeconfig");
  Chmod(e, "/etc/kubernetes/scheduler.conf", 0666);  // not the one in use
  Finding f = Judge(e, "1.1.15");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual.find("/srv/k8s/scheduler.kubeconfig") != std::string::npos);
}

TEST_CASE("etcd sharing the API server's client CA fails 2.7 by content even under another path", "[cis][rules][cis-1.6.0]") {
  const std::string pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  auto with_digests = [&](const std::string& cluster_ca, const std::string& etcd_ca) {
    EvidenceBuilder b = CompliantControlPlane();
    b.File("/etc/kubernetes/pki/ca.crt", pem, {0644}).File("/etc/kubernetes/pki/etcd/ca.crt", pem, {0644});
    NodeEvidence e = b.Build();
    Record(e, "/etc/kubernetes/pki/ca.crt").content_sha256 = cluster_ca;
    Record(e, "/etc/kubernetes/pki/etcd/ca.crt").content_sha256 = etcd_ca;
    return e;
  };
  const std::string digest_a(64, 'a'), digest_b(64, 'b');
  Finding same = Judge(with_digests(digest_a, digest_a), "2.7");
  INFO(same.actual << " | " << same.reason);
  CHECK(same.status == CheckStatus::kFail);
  CHECK(same.reason == "both files have the same content");
  CHECK(same.actual.find("kube-apiserver --client-ca-file = /etc/kubernetes/pki/ca.crt") != std::string::npos);

  Finding distinct = Judge(with_digests(digest_a, digest_b), "2.7");
  CHECK(distinct.status == CheckStatus::kPass);
  CHECK(distinct.reason == "the files' contents differ");

  // No --trusted-ca-file at all: etcd trusts no CA of its own.
  NodeEvidence unset = CompliantControlPlane().Build();
  RemoveArg(unset, "etcd", "trusted-ca-file");
  CHECK(Judge(unset, "2.7").status == CheckStatus::kFail);
}

TEST_CASE("an etcd node without an API server cannot judge 2.7", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  DropComponent(e, "kube-apiserver");
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "2.7").status == CheckStatus::kUnverifiable);
  CHECK(FindingFor(ev, "2.2").status == CheckStatus::kPass);
}

TEST_CASE("etcd reads its command line with Go flag rules", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantControlPlane().Build();
  RemoveArg(e, "etcd", "client-cert-auth");
  AddArg(e, "etcd", "-client-cert-auth");  // a bare boolean with one dash is true
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "2.2").status == CheckStatus::kPass);

  NodeEvidence none = CompliantControlPlane().Build();
  RemoveArg(none, "etcd", "client-cert-auth");
  Finding f = Judge(none, "2.2");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source.find("default") != std::string::npos);
}

}  // namespace kubeproof
