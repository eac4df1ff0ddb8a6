// Section 4 of CIS 1.6.0 evaluated from the shipped rule files: for every check a compliant
// node passes, one mutation fails it, and a node without the component is unverifiable.
#include <catch2/catch.hpp>

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

constexpr const char* kGoodKubeletConfig =
    "apiVersion: kubelet.config.k8s.io/v1beta1\n"
    "kind: KubeletConfiguration\n"
    "authentication:\n"
    "  anonymous:\n    enabled: false\n"
    "  webhook:\n    enabled: true\n"
    "  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
    "authorization:\n  mode: Webhook\n"
    "readOnlyPort: 0\n"
    "streamingConnectionIdleTimeout: 5m\n"
    "protectKernelDefaults: true\n"
    "makeIPTablesUtilChains: true\n"
    "eventRecordQPS: 0\n"
    "tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\n"
    "tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\n"
    "rotateCertificates: true\n"
    "featureGates:\n  RotateKubeletServerCertificate: true\n"
    "tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n";

constexpr const char* kKubeadmDropIn =
    "[Service]\n"
    "Environment=\"KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
    "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n"
    "ExecStart=\n"
    "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS\n";

EvidenceBuilder CompliantWorker() {
  EvidenceBuilder b;
  b.KubernetesVersion("kubelet", "v1.20.4")
      .Process("kubelet", {"/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf",
                           "--config=/var/lib/kubelet/config.yaml"})
      .Process("kube-proxy", {"/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf"})
      .File("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n")
      .File("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", kKubeadmDropIn)
      .File("/etc/kubernetes/kubelet.conf", "apiVersion: v1\nkind: Config\n", {0600})
      .StatOnly("/etc/kubernetes/pki/ca.crt", {0644})
      .File("/var/lib/kubelet/config.yaml", kGoodKubeletConfig, {0644})
      .File("/var/lib/kube-proxy/config.conf",
            "kind: KubeProxyConfiguration\nclientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n")
      .File("/var/lib/kube-proxy/kubeconfig.conf", "apiVersion: v1\nkind: Config\n", {0644});
  return b;
}

FileEvidence& Record(NodeEvidence& e, const std::string& path) {
  for (auto& f : e.files) {
    if (f.path == path) return f;
  }
  FAIL("no record " << path);
  throw;
}

void ReplaceInConfig(NodeEvidence& e, const std::string& from, const std::string& to) {
  std::string& text = *Record(e, "/var/lib/kubelet/config.yaml").content;
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
}

void AddKubeletArg(NodeEvidence& e, const std::string& arg) {
  for (auto& p : e.processes) {
    if (p.component == "kubelet") p.argv.push_back(arg);
  }
}

void DropProcesses(NodeEvidence& e, const std::string& component) {
  std::erase_if(e.processes, [&](const ProcessEvidence& p) { return p.component == component; });
}

using testing::FindingFor;

struct Section4Case {
  std::string id;
  std::string component;  // removed for the unverifiable case
  std::function<void(NodeEvidence&)> make_fail;
};

std::vector<Section4Case> Cases() {
  return {
      {"4.1.1", "kubelet", [](NodeEvidence& e) { Record(e, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf").mode = 0664; }},
      {"4.1.2", "kubelet", [](NodeEvidence& e) {
         auto& f = Record(e, "/lib/systemd/system/kubelet.service");
         f.uid = 1000;
         f.owner = "admin";
       }},
      {"4.1.3", "kube-proxy", [](NodeEvidence& e) { Record(e, "/var/lib/kube-proxy/kubeconfig.conf").mode = 0666; }},
      {"4.1.4", "kube-proxy", [](NodeEvidence& e) {
         auto& f = Record(e, "/var/lib/kube-proxy/kubeconfig.conf");
         f.gid = 50;
         f.group = "staff";
       }},
      {"4.1.5", "kubelet", [](NodeEvidence& e) { Record(e, "/etc/kubernetes/kubelet.conf").mode = 0640 | 0004 | 0002; }},
      {"4.1.6", "kubelet", [](NodeEvidence& e) {
         auto& f = Record(e, "/etc/kubernetes/kubelet.conf");
         f.uid = 1000;
         f.owner = "admin";
       }},
      {"4.1.7", "kubelet", [](NodeEvidence& e) { Record(e, "/etc/kubernetes/pki/ca.crt").mode = 0666; }},
      {"4.1.8", "kubelet", [](NodeEvidence& e) {
         auto& f = Record(e, "/etc/kubernetes/pki/ca.crt");
         f.gid = 1000;
         f.group = "admin";
       }},
      {"4.1.9", "kubelet", [](NodeEvidence& e) { Record(e, "/var/lib/kubelet/config.yaml").mode = 0646; }},
      {"4.1.10", "kubelet", [](NodeEvidence& e) {
         auto& f = Record(e, "/var/lib/kubelet/config.yaml");
         f.uid = 1000;
         f.owner = "admin";
       }},
      {"4.2.1", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "anonymous:\n    enabled: false", "anonymous:\n    enabled: true"); }},
      {"4.2.2", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--authorization-mode=AlwaysAllow"); }},
      {"4.2.3", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "    clientCAFile: /etc/kubernetes/pki/ca.crt\n", "    {}\n"); }},
      {"4.2.4", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "readOnlyPort: 0", "readOnlyPort: 10255"); }},
      {"4.2.5", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--streaming-connection-idle-timeout=0s"); }},
      {"4.2.6", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "protectKernelDefaults: true", "protectKernelDefaults: false"); }},
      {"4.2.7", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--make-iptables-util-chains=false"); }},
      {"4.2.8", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--hostname-override=node-x"); }},
      {"4.2.9", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "eventRecordQPS: 0\n", ""); }},
      {"4.2.10", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\n", ""); }},
      {"4.2.11", "kubelet", [](NodeEvidence& e) { ReplaceInConfig(e, "rotateCertificates: true", "rotateCertificates: false"); }},
      {"4.2.12", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--feature-gates=RotateKubeletServerCertificate=false"); }},
      {"4.2.13", "kubelet", [](NodeEvidence& e) { AddKubeletArg(e, "--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA"); }},
  };
}

}  // namespace

TEST_CASE("section 4 has every CIS 1.6.0 worker node check", "[rules][cis-1.6.0]") {
  std::vector<std::string> ids;
  for (const auto& c : Cis16().checks) {
    if (c.section == "4.1" || c.section == "4.2") ids.push_back(c.id);
  }
  CHECK(ids.size() == 23);
  for (const auto& c : Cases()) CHECK(Cis16().FindCheck(c.id) != nullptr);
}

TEST_CASE("every section 4 check passes on a compliant worker", "[rules][cis-1.6.0]") {
  NodeEvidence e = CompliantWorker().Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const auto& c : Cases()) {
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kPass);
    CHECK_FALSE(f.actual.empty());
    CHECK_FALSE(f.source.empty());
  }
}

TEST_CASE("every section 4 check fails when its evidence is not compliant", "[rules][cis-1.6.0]") {
  for (const auto& c : Cases()) {
    NodeEvidence e = CompliantWorker().Build();
    c.make_fail(e);
    Evaluation ev = Evaluate(Cis16(), e, {});
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kFail);
    CHECK_FALSE(f.actual.empty());
    CHECK_FALSE(f.reason.empty());
  }
}

TEST_CASE("every section 4 check is unverifiable when its component is absent", "[rules][cis-1.6.0]") {
  for (const auto& c : Cases()) {
    NodeEvidence e = CompliantWorker().Build();
    DropProcesses(e, c.component);
    // No declared configuration either: the kubelet's unit files go too.
    std::erase_if(e.files, [](const FileEvidence& f) { return f.path.find("systemd") != std::string::npos; });
    Evaluation ev = Evaluate(Cis16(), e, {});
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.reason);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason == "not present on this node");
  }
}

TEST_CASE("a kubelet not on the node and a kubelet whose unit could not be read get different reasons", "[rules][cis-1.6.0]") {
  Evaluation absent = Evaluate(Cis16(), EvidenceBuilder().Build(), {});
  const Finding& a = FindingFor(absent, "4.2.1");
  CHECK(a.status == CheckStatus::kUnverifiable);
  CHECK(a.reason == "not present on this node");
  CHECK(a.reason_code == ReasonCode::kComponentAbsent);

  Evaluation unreadable = Evaluate(Cis16(), EvidenceBuilder().Unreadable("/etc/systemd/system/kubelet.service").Build(), {});
  const Finding& u = FindingFor(unreadable, "4.2.1");
  CHECK(u.status == CheckStatus::kUnverifiable);
  CHECK(u.reason == "unit file /etc/systemd/system/kubelet.service unreadable: Permission denied");
  CHECK(u.reason_code == ReasonCode::kDeclarationUnreadable);
}

TEST_CASE("a kubelet config file that could not be read is config-unreadable, not component-absent", "[rules][cis-1.6.0]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml"})
               .Unreadable("/var/lib/kubelet/config.yaml")
               .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& f = FindingFor(ev, "4.2.6");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "config file /var/lib/kubelet/config.yaml unreadable: Permission denied");
  CHECK(f.reason_code == ReasonCode::kConfigUnreadable);
}

TEST_CASE("an absent component on a limited process view says so", "[rules][cis-1.6.0]") {
  NodeEvidence e = EvidenceBuilder().ProcessView("limited").Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& f = FindingFor(ev, "4.2.1");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason.find("process view limited") != std::string::npos);
  CHECK(f.reason_code == ReasonCode::kProcessViewLimited);
}

TEST_CASE("section 4 findings carry the config file and key they judged", "[rules][cis-1.6.0]") {
  Evaluation ev = Evaluate(Cis16(), CompliantWorker().Build(), {});
  const Finding& f = FindingFor(ev, "4.2.1");
  CHECK(f.actual == "--anonymous-auth = false");
  CHECK(f.source == "config file /var/lib/kubelet/config.yaml key authentication.anonymous.enabled");
  const Finding& port = FindingFor(ev, "4.1.9");
  CHECK(port.source.find("path from flag --config on running kubelet (pid") == 0);
}

TEST_CASE("the kube-proxy kubeconfig that does not exist on the node passes 4.1.3 as the benchmark words it", "[rules][cis-1.6.0]") {
  NodeEvidence e = CompliantWorker().Build();
  Record(e, "/var/lib/kube-proxy/kubeconfig.conf") = FileEvidence{};
  auto& f = Record(e, "");
  f.path = "/var/lib/kube-proxy/kubeconfig.conf";
  f.status = "absent";
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "4.1.3").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "4.1.3").reason.find("only if the file exists") != std::string::npos);
  // 4.1.5 has no "if it exists": a missing kubelet kubeconfig is unverifiable, not a pass.
  NodeEvidence e2 = CompliantWorker().Build();
  Record(e2, "/etc/kubernetes/kubelet.conf") = FileEvidence{};
  auto& g = Record(e2, "");
  g.path = "/etc/kubernetes/kubelet.conf";
  g.status = "absent";
  Evaluation ev2 = Evaluate(Cis16(), e2, {});
  CHECK(FindingFor(ev2, "4.1.5").status == CheckStatus::kUnverifiable);
  CHECK(FindingFor(ev2, "4.1.5").reason.find("file not found") == 0);
}

}  // namespace kubeproof
