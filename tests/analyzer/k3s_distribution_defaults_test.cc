// What k3s passes the components it runs in-process (benchmarks/distributions/k3s.yaml) decides a
// k3s node's findings where the user passes nothing; a user's flag replaces k3s's; what k3s
// passes with a value the node does not show is unverifiable, and so is everything k3s chooses
// when the evidence has no Kubernetes version to pick k3s's flags by.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FileAttributes;
using testing::FindingFor;

constexpr const char* kConfig = "/etc/rancher/k3s/config.yaml";

EvidenceBuilder K3s(const std::string& version, const std::string& config = "",
                    std::vector<std::string> argv = {"/usr/local/bin/k3s", "server"}) {
  EvidenceBuilder b;
  if (!version.empty()) b.KubernetesVersion("k3s", version);
  b.Process("k3s-server", std::move(argv), 77).Absent("/etc/rancher/k3s/config.yaml.d");
  if (config.empty()) {
    b.Absent(kConfig);
  } else {
    b.File(kConfig, config);
  }
  return b;
}

}  // namespace

TEST_CASE("a flag k3s sets itself is judged, with a source naming k3s as its setter",
          "[precedence][k3s]") {
  Evaluation ev = Evaluate(Cis16(), K3s("v1.32.5+k3s1").Build(), {});
  struct Expect {
    const char* id;
    const char* flag;
    const char* component;
  };
  for (const Expect& e :
       {Expect{"1.2.1", "anonymous-auth", "kube-apiserver"},
        Expect{"1.2.21", "profiling", "kube-apiserver"},
        Expect{"1.3.2", "profiling", "kube-controller-manager"},
        Expect{"1.3.3", "use-service-account-credentials", "kube-controller-manager"},
        Expect{"1.4.1", "profiling", "kube-scheduler"},
        Expect{"1.4.2", "bind-address", "kube-scheduler"}}) {
    INFO(e.id);
    const Finding& f = FindingFor(ev, e.id);
    CHECK(f.status == CheckStatus::kPass);
    CHECK(f.source == std::string("flag --") + e.flag + " for " + e.component +
                          " set by k3s for Kubernetes 1.32 (distribution default)");
  }
}

TEST_CASE("a k3s user's flag overrides the distribution default", "[precedence][k3s]") {
  Evaluation ev = Evaluate(
      Cis16(), K3s("v1.32.5+k3s1", "kube-apiserver-arg:\n  - profiling=true\n").Build(), {});
  const Finding& f = FindingFor(ev, "1.2.21");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == std::string("flag --profiling for kube-apiserver from k3s config ") + kConfig +
                        " key kube-apiserver-arg");
}

TEST_CASE("what k3s leaves unset takes the component's own default for the version",
          "[precedence][k3s]") {
  Evaluation ev = Evaluate(Cis16(), K3s("v1.29.4+k3s1").Build(), {});
  const Finding& timeout =
      FindingFor(ev, "4.2.5");  // k3s 1.29 passes no --streaming-connection-idle-timeout
  CHECK(timeout.status == CheckStatus::kPass);
  CHECK(timeout.source == "default for Kubernetes 1.29 without a config file");
  CHECK(FindingFor(ev, "4.2.4").status == CheckStatus::kPass);  // --read-only-port=0 from k3s
  CHECK(FindingFor(ev, "1.2.22").status ==
        CheckStatus::kFail);  // no audit log unless the user asks
}

TEST_CASE("a flag k3s passes with a value the node does not show is unverifiable, saying why",
          "[precedence][k3s]") {
  Evaluation ev = Evaluate(Cis16(), K3s("v1.32.5+k3s1").Build(), {});
  const Finding& f = FindingFor(ev, "1.2.29");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kDistributionChoice);
  CHECK(f.reason.find("k3s passes --etcd-certfile to its embedded kube-apiserver with a value the "
                      "evidence does not show: "
                      "depends on the datastore k3s uses") == 0);
}

TEST_CASE("k3s's secrets-encryption option gives the API server its encryption config",
          "[precedence][k3s]") {
  Evaluation on = Evaluate(Cis16(), K3s("v1.32.5+k3s1", "secrets-encryption: true\n").Build(), {});
  const Finding& f = FindingFor(on, "1.2.33");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual ==
        "--encryption-provider-config = /var/lib/rancher/k3s/server/cred/encryption-config.json");
  CHECK(f.source ==
        std::string(
            "flag --encryption-provider-config for kube-apiserver set by k3s for Kubernetes 1.32 "
            "(distribution default) because of its secrets-encryption option (k3s config ") +
            kConfig + " key secrets-encryption)");
  Evaluation off = Evaluate(Cis16(), K3s("v1.32.5+k3s1").Build(), {});
  CHECK(FindingFor(off, "1.2.33").status == CheckStatus::kFail);
}

TEST_CASE("k3s's data directory moves the paths of its own flags", "[precedence][k3s]") {
  Evaluation ev = Evaluate(
      Cis16(), K3s("v1.32.5+k3s1", "data-dir: /data/k3s\nsecrets-encryption: true\n").Build(), {});
  CHECK(FindingFor(ev, "1.2.33").actual ==
        "--encryption-provider-config = /data/k3s/server/cred/encryption-config.json");
}

TEST_CASE("a k3s data directory the collector withheld leaves k3s's own paths unknown",
          "[precedence][k3s]") {
  // -d is k3s's short --data-dir; short names stay off the safe list, so its value is withheld.
  Evaluation ev = Evaluate(
      Cis16(),
      K3s("v1.32.5+k3s1", "", {"/usr/local/bin/k3s", "server", "-d", "<redacted>"}).Build(), {});
  const Finding& f = FindingFor(ev, "1.2.21");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "k3s's data directory was redacted by the collector");
}

TEST_CASE(
    "the kubelet of k3s 1.32 reads k3s's own drop-in directory, and a user's kubelet-arg beats it",
    "[precedence][k3s]") {
  const std::string dir = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d";
  auto node = [&](const std::string& config) {
    return K3s("v1.32.5+k3s1", config)
        .Directory(dir)
        .File(dir + "/00-k3s-defaults.conf",
              "authentication:\n  anonymous:\n    enabled: false\nreadOnlyPort: 0\n",
              FileAttributes{0600});
  };
  Evaluation defaults = Evaluate(Cis16(), node("").Build(), {});
  const Finding& anonymous = FindingFor(defaults, "4.2.1");
  CHECK(anonymous.status == CheckStatus::kPass);
  CHECK(anonymous.source ==
        "drop-in " + dir + "/00-k3s-defaults.conf key authentication.anonymous.enabled");

  Evaluation user = Evaluate(Cis16(), node("kubelet-arg:\n  - anonymous-auth=true\n").Build(), {});
  CHECK(FindingFor(user, "4.2.1").status == CheckStatus::kFail);
  CHECK(FindingFor(user, "4.2.1").source ==
        std::string("flag --anonymous-auth for kubelet from k3s config ") + kConfig +
            " key kubelet-arg");
}

TEST_CASE(
    "k3s's embedded etcd is judged from the config file k3s writes for it, and absent without it",
    "[precedence][k3s]") {
  const std::string etcd_config = "/var/lib/rancher/k3s/server/db/etcd/config";
  Evaluation with =
      Evaluate(Cis16(),
               K3s("v1.32.5+k3s1", "cluster-init: true\n")
                   .File(etcd_config, "client-transport-security:\n  client-cert-auth: true\n",
                         FileAttributes{0600})
                   .Build(),
               {});
  const Finding& f = FindingFor(with, "2.2");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source ==
        "config file " + etcd_config + " key client-transport-security.client-cert-auth");

  Evaluation without = Evaluate(Cis16(), K3s("v1.32.5+k3s1").Absent(etcd_config).Build(), {});
  CHECK(FindingFor(without, "2.2").status == CheckStatus::kUnverifiable);
  CHECK(FindingFor(without, "2.2").reason_code == ReasonCode::kComponentAbsent);
}

TEST_CASE(
    "a kubelet config a k3s user names is below k3s's own flags until 1.31 and copied into its "
    "drop-ins from 1.32",
    "[precedence][k3s]") {
  const std::string user_config = "/etc/rancher/k3s/kubelet.conf";
  const std::string dir = "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d";
  auto node = [&](const std::string& version) {
    return K3s(version, "kubelet-arg:\n  - config=" + user_config + "\n")
        .File(user_config, "readOnlyPort: 10255\n")
        .Directory(dir)
        .File(dir + "/00-k3s-defaults.conf", "readOnlyPort: 0\n")
        .File(dir + "/10-cli-config.conf", "readOnlyPort: 10255\n");
  };
  Evaluation old = Evaluate(Cis16(), node("v1.31.6+k3s1").Build(), {});
  CHECK(FindingFor(old, "4.2.4").status ==
        CheckStatus::kPass);  // k3s's --read-only-port=0 beats the file
  CHECK(FindingFor(old, "4.2.4").source ==
        "flag --read-only-port for kubelet set by k3s for Kubernetes 1.31 (distribution default)");

  Evaluation copied = Evaluate(Cis16(), node("v1.32.5+k3s1").Build(), {});
  CHECK(FindingFor(copied, "4.2.4").status == CheckStatus::kFail);
  CHECK(FindingFor(copied, "4.2.4").source ==
        "drop-in " + dir + "/10-cli-config.conf key readOnlyPort");

  Evaluation unknown = Evaluate(Cis16(), node("").Build(), {});
  CHECK(FindingFor(unknown, "4.2.4").status == CheckStatus::kUnverifiable);
  CHECK(FindingFor(unknown, "4.2.4").reason_code == ReasonCode::kDistributionChoice);
}

TEST_CASE("without a Kubernetes version, what k3s chooses stays unverifiable",
          "[precedence][k3s]") {
  Evaluation ev = Evaluate(Cis16(), K3s("").Build(), {});
  const Finding& f = FindingFor(ev, "1.2.21");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kDistributionChoice);
  CHECK(f.reason ==
        "k3s chooses its embedded kube-apiserver's settings; --profiling is not given explicitly "
        "in the "
        "evidence, and k3s's own flags are not known without the Kubernetes version, which the "
        "evidence does not show");
}

TEST_CASE("an RKE2 node is judged from its static pod manifests and its kubelet's own command line",
          "[precedence][rke2]") {
  const std::string dir = "/var/lib/rancher/rke2/agent/etc/kubelet.conf.d";
  const std::string etcd_config = "/var/lib/rancher/rke2/server/db/etcd/config";
  EvidenceBuilder b;
  b.KubernetesVersion("kubelet", "v1.33.1+rke2r1")
      .Process("kubelet", {"kubelet", "--config-dir=" + dir, "--read-only-port=0"}, 900)
      .Directory(dir)
      .File(dir + "/00-rke2-defaults.conf", "authentication:\n  anonymous:\n    enabled: false\n")
      .File("/var/lib/rancher/rke2/agent/pod-manifests/etcd.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: "
            "index.docker.io/rancher/hardened-etcd:v3.5.21-k3s1\n"
            "    command: [etcd, --config-file=" +
                etcd_config + "]\n")
      .File(etcd_config, "client-transport-security:\n  client-cert-auth: true\n");
  Evaluation ev = Evaluate(Cis16(), b.Build(), {});
  CHECK(FindingFor(ev, "4.2.1").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "4.2.1").source ==
        "drop-in " + dir + "/00-rke2-defaults.conf key authentication.anonymous.enabled");
  CHECK(FindingFor(ev, "2.2").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "2.2").source ==
        "config file " + etcd_config +
            " key client-transport-security.client-cert-auth, declared, not observed");
}

}  // namespace kubeproof
