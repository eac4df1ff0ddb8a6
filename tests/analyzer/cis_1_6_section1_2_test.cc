// Section 1.2 of CIS 1.6.0 (API server) evaluated from the shipped rule files: for every check a
// compliant API server passes, one mutation of its command line fails it, and a node without an
// API server is unverifiable; then the defaults per Kubernetes version and the flag rules.
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

using testing::Cis16;

constexpr const char* kEncryptionConfig = "/etc/kubernetes/enc/encryption-config.yaml";
constexpr const char* kManifest = "/etc/kubernetes/manifests/kube-apiserver.yaml";

// A kubeadm-style API server with every section 1.2 recommendation applied.
std::vector<std::string> CompliantArgv() {
  return {"kube-apiserver",
          "--advertise-address=10.0.0.10",
          "--allow-privileged=true",
          "--anonymous-auth=false",
          "--audit-log-maxage=30",
          "--audit-log-maxbackup=10",
          "--audit-log-maxsize=100",
          "--audit-log-path=/var/log/kubernetes/audit/audit.log",
          "--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
          "--authorization-mode=Node,RBAC",
          "--client-ca-file=/etc/kubernetes/pki/ca.crt",
          "--admission-control-config-file=/etc/kubernetes/admission-control.yaml",
          "--enable-admission-plugins=NodeRestriction,PodSecurityPolicy,EventRateLimit,AlwaysPullImages",
          "--enable-bootstrap-token-auth=true",
          std::string("--encryption-provider-config=") + kEncryptionConfig,
          "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
          "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
          "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
          "--etcd-servers=https://127.0.0.1:2379",
          "--insecure-port=0",
          "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
          "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
          "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
          "--profiling=false",
          "--secure-port=6443",
          "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
          "--service-account-lookup=true",
          "--service-cluster-ip-range=10.96.0.0/12",
          "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
          "--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key"};
}

EvidenceBuilder ApiServerNode(const std::string& version, std::vector<std::string> argv) {
  EvidenceBuilder b;
  b.KubernetesVersion("kube-apiserver", version)
      .Process("kube-apiserver", std::move(argv), 1234)
      .File(kEncryptionConfig,
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n"
            "- resources: [secrets]\n  providers:\n  - aescbc:\n      keys:\n      - name: key1\n"
            "        secret: REDACTED\n  - identity: {}\n",
            {0600});
  return b;
}

EvidenceBuilder CompliantApiServer() { return ApiServerNode("v1.18.8", CompliantArgv()); }

ProcessEvidence& ApiServerProcess(NodeEvidence& e) {
  for (auto& p : e.processes) {
    if (p.component == "kube-apiserver") return p;
  }
  FAIL("no kube-apiserver process");
  throw;
}

// Appends an argument: a later scalar wins, a list adds up.
void AddArg(NodeEvidence& e, const std::string& arg) { ApiServerProcess(e).argv.push_back(arg); }

// Removes every `--name=...` argument.
void RemoveArg(NodeEvidence& e, const std::string& name) {
  auto& argv = ApiServerProcess(e).argv;
  std::string prefix = "--" + name + "=";
  auto before = argv.size();
  std::erase_if(argv, [&](const std::string& a) { return a.rfind(prefix, 0) == 0; });
  REQUIRE(argv.size() < before);
}

// Replaces the value of the one `--name=...` argument.
void SetArg(NodeEvidence& e, const std::string& name, const std::string& value) {
  RemoveArg(e, name);
  AddArg(e, "--" + name + "=" + value);
}

using testing::FindingFor;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Section12Case {
  std::string id;
  std::function<void(NodeEvidence&)> make_fail;
  std::string fail_actual;  // a part of the failing finding's actual value
};

std::vector<Section12Case> Cases() {
  return {
      {"1.2.1", [](NodeEvidence& e) { AddArg(e, "--anonymous-auth=true"); }, "--anonymous-auth = true"},
      {"1.2.2", [](NodeEvidence& e) { AddArg(e, "--basic-auth-file=/etc/kubernetes/basic-auth.csv"); },
       "/etc/kubernetes/basic-auth.csv"},
      {"1.2.3", [](NodeEvidence& e) { AddArg(e, "--token-auth-file=/etc/kubernetes/tokens.csv"); },
       "/etc/kubernetes/tokens.csv"},
      {"1.2.4", [](NodeEvidence& e) { AddArg(e, "--kubelet-https=false"); }, "--kubelet-https = false"},
      {"1.2.5", [](NodeEvidence& e) { RemoveArg(e, "kubelet-client-key"); }, "kubelet-client-key"},
      {"1.2.6", [](NodeEvidence& e) { RemoveArg(e, "kubelet-certificate-authority"); }, "kubelet-certificate-authority"},
      {"1.2.7", [](NodeEvidence& e) { AddArg(e, "--authorization-mode=AlwaysAllow"); }, "AlwaysAllow"},
      {"1.2.8", [](NodeEvidence& e) { SetArg(e, "authorization-mode", "RBAC"); }, "RBAC"},
      {"1.2.9", [](NodeEvidence& e) { SetArg(e, "authorization-mode", "Node,ABAC"); }, "ABAC"},
      {"1.2.10", [](NodeEvidence& e) { AddArg(e, "--disable-admission-plugins=EventRateLimit"); },
       "EventRateLimit disabled by --disable-admission-plugins"},
      {"1.2.11", [](NodeEvidence& e) { AddArg(e, "--enable-admission-plugins=AlwaysAdmit"); },
       "AlwaysAdmit enabled by --enable-admission-plugins"},
      {"1.2.12", [](NodeEvidence& e) { SetArg(e, "enable-admission-plugins", "NodeRestriction,PodSecurityPolicy"); },
       "AlwaysPullImages not enabled"},
      {"1.2.13", [](NodeEvidence& e) { SetArg(e, "enable-admission-plugins", "NodeRestriction,EventRateLimit"); },
       "not enabled"},
      {"1.2.14", [](NodeEvidence& e) { AddArg(e, "--disable-admission-plugins=ServiceAccount"); },
       "ServiceAccount disabled by --disable-admission-plugins"},
      {"1.2.15", [](NodeEvidence& e) { AddArg(e, "--disable-admission-plugins=NamespaceLifecycle,LimitRanger"); },
       "NamespaceLifecycle disabled by --disable-admission-plugins"},
      {"1.2.16", [](NodeEvidence& e) { SetArg(e, "enable-admission-plugins", "NodeRestriction"); },
       "PodSecurityPolicy not enabled"},
      {"1.2.17", [](NodeEvidence& e) { SetArg(e, "enable-admission-plugins", "PodSecurityPolicy"); },
       "NodeRestriction not enabled"},
      {"1.2.18", [](NodeEvidence& e) { AddArg(e, "--insecure-bind-address=127.0.0.1"); }, "127.0.0.1"},
      {"1.2.19", [](NodeEvidence& e) { AddArg(e, "--insecure-port=8080"); }, "--insecure-port = 8080"},
      {"1.2.20", [](NodeEvidence& e) { AddArg(e, "--secure-port=0"); }, "--secure-port = 0"},
      {"1.2.21", [](NodeEvidence& e) { AddArg(e, "--profiling=true"); }, "--profiling = true"},
      {"1.2.22", [](NodeEvidence& e) { RemoveArg(e, "audit-log-path"); }, "audit-log-path"},
      {"1.2.23", [](NodeEvidence& e) { AddArg(e, "--audit-log-maxage=7"); }, "--audit-log-maxage = 7"},
      {"1.2.24", [](NodeEvidence& e) { AddArg(e, "--audit-log-maxbackup=3"); }, "--audit-log-maxbackup = 3"},
      {"1.2.25", [](NodeEvidence& e) { AddArg(e, "--audit-log-maxsize=50"); }, "--audit-log-maxsize = 50"},
      {"1.2.27", [](NodeEvidence& e) { AddArg(e, "--service-account-lookup=false"); },
       "--service-account-lookup = false"},
      {"1.2.28", [](NodeEvidence& e) { RemoveArg(e, "service-account-key-file"); }, "service-account-key-file"},
      {"1.2.29", [](NodeEvidence& e) { RemoveArg(e, "etcd-certfile"); }, "etcd-certfile"},
      {"1.2.30", [](NodeEvidence& e) { RemoveArg(e, "tls-private-key-file"); }, "tls-private-key-file"},
      {"1.2.31", [](NodeEvidence& e) { RemoveArg(e, "client-ca-file"); }, "client-ca-file"},
      {"1.2.32", [](NodeEvidence& e) { RemoveArg(e, "etcd-cafile"); }, "etcd-cafile"},
      {"1.2.33", [](NodeEvidence& e) { RemoveArg(e, "encryption-provider-config"); }, "encryption-provider-config"},
      {"1.2.34", [](NodeEvidence& e) { RemoveArg(e, "encryption-provider-config"); }, "encryption-provider-config"},
      {"1.2.35", [](NodeEvidence& e) { AddArg(e, "--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA"); },
       "TLS_RSA_WITH_RC4_128_SHA"},
  };
}

}  // namespace

TEST_CASE("section 1.2 holds all 35 API server checks of CIS 1.6.0", "[cis][rules][cis-1.6.0]") {
  std::vector<std::string> ids;
  for (const auto& c : Cis16().checks) {
    if (c.section == "1.2") {
      ids.push_back(c.id);
      CHECK(c.component == "kube-apiserver");
    }
  }
  CHECK(ids.size() == 35);
  for (int n = 1; n <= 35; ++n) {
    INFO("1.2." << n);
    CHECK(Cis16().FindCheck("1.2." + std::to_string(n)) != nullptr);
  }
  CHECK(Cases().size() == 34);  // every check but the manual 1.2.26
}

TEST_CASE("only the request timeout check of section 1.2 needs a person", "[cis][rules][cis-1.6.0]") {
  for (const auto& c : Cis16().checks) {
    if (c.section != "1.2") continue;
    INFO(c.id);
    CHECK(c.automated == (c.id != "1.2.26"));
  }
  const CheckDefinition* timeout = Cis16().FindCheck("1.2.26");
  REQUIRE(timeout != nullptr);
  CHECK(timeout->scored);
  Evaluation ev = Evaluate(Cis16(), CompliantApiServer().Build(), {});
  CHECK(FindingFor(ev, "1.2.26").status == CheckStatus::kManual);
}

TEST_CASE("section 1.2 checks the benchmark marks manual but evidence decides are evaluated and not scored",
          "[cis][rules][cis-1.6.0]") {
  const std::vector<std::string> not_scored = {"1.2.1", "1.2.10", "1.2.12", "1.2.13", "1.2.33", "1.2.34", "1.2.35"};
  for (const auto& c : Cis16().checks) {
    if (c.section != "1.2" || c.id == "1.2.26") continue;
    INFO(c.id);
    bool manual_in_benchmark = std::find(not_scored.begin(), not_scored.end(), c.id) != not_scored.end();
    CHECK(c.automated);
    CHECK(c.scored == !manual_in_benchmark);
  }
}

TEST_CASE("every section 1.2 check passes on a compliant API server", "[cis][rules][cis-1.6.0]") {
  Evaluation ev = Evaluate(Cis16(), CompliantApiServer().Build(), {});
  for (const auto& c : Cases()) {
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kPass);
    CHECK_FALSE(f.actual.empty());
    CHECK_FALSE(f.source.empty());
  }
}

TEST_CASE("every section 1.2 check fails when the API server's command line is not compliant",
          "[cis][rules][cis-1.6.0]") {
  for (const auto& c : Cases()) {
    NodeEvidence e = CompliantApiServer().Build();
    c.make_fail(e);
    Evaluation ev = Evaluate(Cis16(), e, {});
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.actual << " | " << f.source << " | " << f.reason);
    CHECK(f.status == CheckStatus::kFail);
    CHECK(Contains(f.actual, c.fail_actual));
    CHECK_FALSE(f.reason.empty());
  }
}

TEST_CASE("every section 1.2 check is unverifiable on a node without an API server", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = EvidenceBuilder()
                       .KubernetesVersion("kubelet", "v1.18.8")
                       .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml"})
                       .File(kEncryptionConfig, "kind: EncryptionConfiguration\n", {0600})
                       .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const auto& c : Cases()) {
    const Finding& f = FindingFor(ev, c.id);
    INFO(c.id << ": " << f.reason);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason == "not present on this node");
  }
}

TEST_CASE("an API server with no security flags on Kubernetes 1.18 is judged by its compiled-in defaults",
          "[cis][rules][cis-1.6.0]") {
  NodeEvidence e =
      ApiServerNode("v1.18.8", {"kube-apiserver", "--etcd-servers=https://127.0.0.1:2379"}).Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const std::string default_source = "default for Kubernetes 1.18 without a config file";

  const Finding& anonymous = FindingFor(ev, "1.2.1");
  CHECK(anonymous.status == CheckStatus::kFail);
  CHECK(anonymous.actual == "--anonymous-auth = true");
  CHECK(Contains(anonymous.source, default_source));

  const Finding& always_allow = FindingFor(ev, "1.2.7");
  CHECK(always_allow.status == CheckStatus::kFail);
  CHECK(Contains(always_allow.actual, "AlwaysAllow"));
  CHECK(Contains(always_allow.source, default_source));

  const Finding& insecure = FindingFor(ev, "1.2.19");
  CHECK(insecure.status == CheckStatus::kFail);
  CHECK(Contains(insecure.actual, "8080"));

  CHECK(FindingFor(ev, "1.2.21").status == CheckStatus::kFail);  // profiling on by default
  CHECK(FindingFor(ev, "1.2.17").status == CheckStatus::kFail);  // NodeRestriction is not a default
  CHECK(FindingFor(ev, "1.2.23").status == CheckStatus::kFail);  // no audit log retention given
  CHECK(FindingFor(ev, "1.2.35").status == CheckStatus::kFail);  // Go's default suites not pinned

  for (const char* id : {"1.2.2", "1.2.3", "1.2.4", "1.2.11", "1.2.18", "1.2.20", "1.2.27"}) {
    const Finding& f = FindingFor(ev, id);
    INFO(id << ": " << f.actual << " | " << f.source);
    CHECK(f.status == CheckStatus::kPass);
  }
  CHECK(Contains(FindingFor(ev, "1.2.4").source, default_source));
  CHECK(Contains(FindingFor(ev, "1.2.27").source, default_source));
  CHECK(FindingFor(ev, "1.2.20").actual == "--secure-port = 6443");
}

TEST_CASE("ServiceAccount and NamespaceLifecycle pass as default admission plugins unless disabled",
          "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = ApiServerNode("v1.18.8", {"kube-apiserver", "--enable-admission-plugins=NodeRestriction"}).Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  for (const char* id : {"1.2.14", "1.2.15"}) {
    const Finding& f = FindingFor(ev, id);
    INFO(id << ": " << f.actual << " | " << f.source);
    CHECK(f.status == CheckStatus::kPass);
    CHECK(Contains(f.actual, "on by default"));
    CHECK(Contains(f.source, "default plugins of Kubernetes 1.18"));
  }
  // On by default in every version the facts cover, 1.16 to 1.33.
  for (const char* version : {"v1.16.3", "v1.22.0", "v1.25.4", "v1.29.0", "v1.33.1"}) {
    Evaluation other = Evaluate(Cis16(), ApiServerNode(version, {"kube-apiserver"}).Build(), {});
    INFO(version);
    CHECK(FindingFor(other, "1.2.14").status == CheckStatus::kPass);
    CHECK(FindingFor(other, "1.2.15").status == CheckStatus::kPass);
    CHECK(FindingFor(other, "1.2.17").status == CheckStatus::kFail);
  }
}

TEST_CASE("a plugin both enabled and disabled counts as disabled", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantApiServer().Build();
  AddArg(e, "--disable-admission-plugins=NodeRestriction");
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& f = FindingFor(ev, "1.2.17");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.actual == "NodeRestriction disabled by --disable-admission-plugins");
}

TEST_CASE("the legacy --admission-control list replaces the default admission plugins", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e =
      ApiServerNode("v1.18.8", {"kube-apiserver", "--admission-control=NamespaceLifecycle,NodeRestriction"}).Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& sa = FindingFor(ev, "1.2.14");
  CHECK(sa.status == CheckStatus::kFail);
  CHECK(sa.actual == "ServiceAccount not listed in --admission-control");
  CHECK(FindingFor(ev, "1.2.15").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.17").status == CheckStatus::kPass);
}

TEST_CASE("SecurityContextDeny without PodSecurityPolicy satisfies 1.2.13", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantApiServer().Build();
  SetArg(e, "enable-admission-plugins", "NodeRestriction,SecurityContextDeny");
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.2.13").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.16").status == CheckStatus::kFail);
}

TEST_CASE("the insecure port default follows the Kubernetes version", "[cis][rules][cis-1.6.0]") {
  struct Row {
    const char* version;
    CheckStatus status;
  };
  // 8080 until 1.19, 0 from 1.20, and the flag is gone from 1.24.
  for (const Row& row : {Row{"v1.16.3", CheckStatus::kFail}, Row{"v1.19.16", CheckStatus::kFail},
                         Row{"v1.20.0", CheckStatus::kPass}, Row{"v1.23.17", CheckStatus::kPass},
                         Row{"v1.24.0", CheckStatus::kPass}, Row{"v1.33.1", CheckStatus::kPass}}) {
    Evaluation ev = Evaluate(Cis16(), ApiServerNode(row.version, {"kube-apiserver"}).Build(), {});
    const Finding& f = FindingFor(ev, "1.2.19");
    INFO(row.version << ": " << f.actual << " | " << f.source);
    CHECK(f.status == row.status);
  }
  Evaluation v120 = Evaluate(Cis16(), ApiServerNode("v1.20.0", {"kube-apiserver"}).Build(), {});
  CHECK(Contains(FindingFor(v120, "1.2.19").source, "default for Kubernetes 1.20"));
}

TEST_CASE("HTTPS to kubelets passes by default and after the flag's removal, and fails when turned off",
          "[cis][rules][cis-1.6.0]") {
  for (const char* version : {"v1.18.8", "v1.21.14", "v1.22.0", "v1.30.2"}) {
    Evaluation ev = Evaluate(Cis16(), ApiServerNode(version, {"kube-apiserver"}).Build(), {});
    INFO(version << ": " << FindingFor(ev, "1.2.4").actual);
    CHECK(FindingFor(ev, "1.2.4").status == CheckStatus::kPass);
  }
  Evaluation off = Evaluate(Cis16(), ApiServerNode("v1.18.8", {"kube-apiserver", "--kubelet-https=False"}).Build(), {});
  CHECK(FindingFor(off, "1.2.4").status == CheckStatus::kFail);
}

TEST_CASE("repeated authorization modes and cipher suites add up", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = ApiServerNode("v1.18.8", {"kube-apiserver", "--authorization-mode=Node",
                                             "--authorization-mode=RBAC",
                                             "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                             "--tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA"})
                       .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.2.7").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.8").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.9").status == CheckStatus::kPass);
  const Finding& ciphers = FindingFor(ev, "1.2.35");
  CHECK(ciphers.status == CheckStatus::kFail);
  CHECK(Contains(ciphers.actual, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
}

TEST_CASE("Go's long names for the ChaCha20 suites count as strong", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantApiServer().Build();
  SetArg(e, "tls-cipher-suites",
         "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.2.35").status == CheckStatus::kPass);
}

TEST_CASE("a repeated profiling flag takes its last value and a bare one means true", "[cis][rules][cis-1.6.0]") {
  NodeEvidence e = CompliantApiServer().Build();
  AddArg(e, "--profiling=true");
  AddArg(e, "--profiling=false");
  Evaluation ev = Evaluate(Cis16(), e, {});
  CHECK(FindingFor(ev, "1.2.21").status == CheckStatus::kPass);

  // A bare boolean never swallows the next word: --secure-port stays its own flag.
  NodeEvidence bare = CompliantApiServer().Build();
  RemoveArg(bare, "secure-port");
  AddArg(bare, "--profiling");
  AddArg(bare, "--secure-port=0");
  Evaluation bare_ev = Evaluate(Cis16(), bare, {});
  CHECK(FindingFor(bare_ev, "1.2.21").status == CheckStatus::kFail);
  CHECK(FindingFor(bare_ev, "1.2.20").status == CheckStatus::kFail);
}

TEST_CASE("an API server declared only by its kubeadm manifest is judged from the manifest, not observed",
          "[cis][rules][cis-1.6.0]") {
  const std::string manifest =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\n"
      "spec:\n  containers:\n  - command:\n    - kube-apiserver\n"
      "    - --advertise-address=192.168.50.4\n"
      "    - --authorization-mode=Node,RBAC\n"
      "    - --client-ca-file=/etc/kubernetes/pki/ca.crt\n"
      "    - --enable-admission-plugins=NodeRestriction\n"
      "    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n"
      "    - --insecure-port=0\n"
      "    - --secure-port=6443\n"
      "    image: registry.k8s.io/kube-apiserver:v1.16.3\n"
      "    name: kube-apiserver\n";
  NodeEvidence e = EvidenceBuilder().File(kManifest, manifest, {0600}).Build();
  Evaluation ev = Evaluate(Cis16(), e, {});

  const Finding& node_authz = FindingFor(ev, "1.2.8");
  CHECK(node_authz.status == CheckStatus::kPass);
  CHECK(Contains(node_authz.source, std::string("declared in ") + kManifest + ", not observed"));
  CHECK(FindingFor(ev, "1.2.17").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.19").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.31").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.29").status == CheckStatus::kFail);  // no etcd client certificate

  // The version comes from the image tag, so the defaults are those of 1.16.
  const Finding& anonymous = FindingFor(ev, "1.2.1");
  CHECK(anonymous.status == CheckStatus::kFail);
  CHECK(Contains(anonymous.source, "default for Kubernetes 1.16"));
}

TEST_CASE("the encryption config check is unverifiable when the file it names was not found or not collected",
          "[cis][rules][cis-1.6.0]") {
  NodeEvidence absent = ApiServerNode("v1.18.8", CompliantArgv()).Build();
  std::erase_if(absent.files, [](const FileEvidence& f) { return f.path == kEncryptionConfig; });
  Evaluation not_collected = Evaluate(Cis16(), absent, {});
  CHECK(FindingFor(not_collected, "1.2.34").status == CheckStatus::kUnverifiable);
  CHECK(Contains(FindingFor(not_collected, "1.2.34").reason, "file not collected"));
  CHECK(FindingFor(not_collected, "1.2.33").status == CheckStatus::kPass);

  NodeEvidence missing = EvidenceBuilder()
                             .KubernetesVersion("kube-apiserver", "v1.18.8")
                             .Process("kube-apiserver", CompliantArgv())
                             .Absent(kEncryptionConfig)
                             .Build();
  Evaluation not_found = Evaluate(Cis16(), missing, {});
  const Finding& f = FindingFor(not_found, "1.2.34");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == std::string("file not found: ") + kEncryptionConfig);
}

TEST_CASE("section 1.2 findings name the running API server's flag they judged", "[cis][rules][cis-1.6.0]") {
  Evaluation ev = Evaluate(Cis16(), CompliantApiServer().Build(), {});
  const Finding& f = FindingFor(ev, "1.2.21");
  CHECK(f.actual == "--profiling = false");
  CHECK(f.source == "flag --profiling on running kube-apiserver (pid 1234)");
  const Finding& age = FindingFor(ev, "1.2.23");
  CHECK(age.actual == "--audit-log-maxage = 30");
}

}  // namespace kubeproof
