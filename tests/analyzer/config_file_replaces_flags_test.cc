// Components that ignore (some of) their flags once a config file is given, as their
// components/<c>.yaml `precedence` declares: etcd's --config-file replaces every flag,
// kube-scheduler's --config the deprecated ones (--profiling, --kubeconfig), kube-proxy's --config
// all but --hostname-override. The ignored flag is named in the finding's source.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FileAttributes;
using testing::FindingFor;

constexpr const char* kEtcdConfig = "/etc/etcd/etcd.conf.yml";

Evaluation Etcd(std::vector<std::string> flags, const std::string& config) {
  std::vector<std::string> argv{"/usr/local/bin/etcd", std::string("--config-file=") + kEtcdConfig};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return Evaluate(
      Cis16(), EvidenceBuilder().Process("etcd", argv, 31).File(kEtcdConfig, config).Build(), {});
}

constexpr const char* kSchedulerConfig = "/etc/kubernetes/scheduler-config.yaml";

Evaluation Scheduler(std::vector<std::string> flags, const std::string& config) {
  std::vector<std::string> argv{"kube-scheduler", std::string("--config=") + kSchedulerConfig};
  argv.insert(argv.end(), flags.begin(), flags.end());
  EvidenceBuilder b;
  b.KubernetesVersion("kube-scheduler", "v1.30.2")
      .Process("kube-scheduler", argv, 41)
      .File(kSchedulerConfig, config);
  return Evaluate(Cis16(), b.Build(), {});
}

constexpr const char* kProxyConfig = "/var/lib/kube-proxy/config.conf";
constexpr const char* kGoodKubeconfig = "/var/lib/kube-proxy/kubeconfig.conf";
constexpr const char* kLooseKubeconfig = "/etc/kubernetes/proxy-loose.conf";

EvidenceBuilder Proxy(std::vector<std::string> flags, const std::string& config) {
  std::vector<std::string> argv{"/usr/local/bin/kube-proxy",
                                std::string("--config=") + kProxyConfig};
  argv.insert(argv.end(), flags.begin(), flags.end());
  EvidenceBuilder b;
  b.KubernetesVersion("kube-proxy", "v1.33.1")
      .Process("kube-proxy", argv, 51)
      .File(kProxyConfig, config)
      .File(kGoodKubeconfig, "apiVersion: v1\nkind: Config\n", FileAttributes{0600})
      .File(kLooseKubeconfig, "apiVersion: v1\nkind: Config\n", FileAttributes{0666});
  return b;
}

// The effective setting `name` of `component`, as Evaluate lists it.
EffectiveSetting SettingOf(const Evaluation& ev, const std::string& component,
                           const std::string& name) {
  for (const auto& s : ev.settings) {
    if (s.component == component && s.name == name) return s;
  }
  return {component, name, "<none>", "<not listed>"};
}

}  // namespace

TEST_CASE("etcd's config file replaces its flags: the file decides, and the ignored flag is named",
          "[precedence][etcd]") {
  Evaluation fail =
      Etcd({"--client-cert-auth=true"}, "client-transport-security:\n  client-cert-auth: false\n");
  const Finding& f = FindingFor(fail, "2.2");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source ==
        std::string("config file ") + kEtcdConfig +
            " key client-transport-security.client-cert-auth; flag --client-cert-auth on running "
            "etcd (pid 31) "
            "is ignored: etcd takes it from its config file when --config-file is given");

  Evaluation pass =
      Etcd({"--client-cert-auth=false"}, "client-transport-security:\n  client-cert-auth: true\n");
  CHECK(FindingFor(pass, "2.2").status == CheckStatus::kPass);
}

TEST_CASE("a setting etcd's config file leaves out takes etcd's default, never the ignored flag",
          "[precedence][etcd]") {
  Evaluation ev = Etcd({"--cert-file=/etc/etcd/server.crt", "--key-file=/etc/etcd/server.key"},
                       "name: etcd-1\n");
  const Finding& f = FindingFor(ev, "2.1");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(
      f.source.find("is ignored: etcd takes it from its config file when --config-file is given") !=
      std::string::npos);
}

TEST_CASE("an unreadable etcd config file leaves even a flag-set value unverifiable",
          "[precedence][etcd]") {
  std::vector<std::string> argv{"/usr/local/bin/etcd", std::string("--config-file=") + kEtcdConfig,
                                "--client-cert-auth=true"};
  Evaluation ev = Evaluate(
      Cis16(), EvidenceBuilder().Process("etcd", argv, 31).Unreadable(kEtcdConfig).Build(), {});
  const Finding& f = FindingFor(ev, "2.2");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == std::string("config file ") + kEtcdConfig + " unreadable: Permission denied");
}

TEST_CASE("kube-scheduler ignores --profiling under --config and reads enableProfiling",
          "[precedence][kube-scheduler]") {
  Evaluation fail =
      Scheduler({"--profiling=false"},
                "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n");
  const Finding& f = FindingFor(fail, "1.4.1");
  CHECK(f.status == CheckStatus::kFail);  // enableProfiling defaults to true
  CHECK(f.source ==
        "default for Kubernetes 1.30 with a config file; flag --profiling on running "
        "kube-scheduler (pid 41) "
        "is ignored: kube-scheduler takes it from its config file when --config is given");

  Evaluation pass = Scheduler({"--profiling=true"}, "enableProfiling: false\n");
  const Finding& p = FindingFor(pass, "1.4.1");
  CHECK(p.status == CheckStatus::kPass);
  CHECK(p.source.find(std::string("config file ") + kSchedulerConfig + " key enableProfiling") ==
        0);
}

TEST_CASE("kube-scheduler's --bind-address still applies under --config",
          "[precedence][kube-scheduler]") {
  Evaluation pass = Scheduler({"--bind-address=127.0.0.1"}, "enableProfiling: false\n");
  CHECK(FindingFor(pass, "1.4.2").status == CheckStatus::kPass);
  CHECK(FindingFor(pass, "1.4.2").source ==
        "flag --bind-address on running kube-scheduler (pid 41)");
  Evaluation fail = Scheduler({"--bind-address=0.0.0.0"}, "enableProfiling: false\n");
  CHECK(FindingFor(fail, "1.4.2").status == CheckStatus::kFail);
}

TEST_CASE(
    "kube-proxy's --kubeconfig is ignored under --config; the file's clientConnection.kubeconfig "
    "is checked",
    "[precedence][kube-proxy]") {
  Evaluation pass =
      Evaluate(Cis16(),
               Proxy({std::string("--kubeconfig=") + kLooseKubeconfig},
                     std::string("clientConnection:\n  kubeconfig: ") + kGoodKubeconfig + "\n")
                   .Build(),
               {});
  const Finding& p = FindingFor(pass, "4.1.3");
  CHECK(p.status == CheckStatus::kPass);
  CHECK(p.actual.find(kGoodKubeconfig) != std::string::npos);

  Evaluation fail =
      Evaluate(Cis16(),
               Proxy({std::string("--kubeconfig=") + kGoodKubeconfig},
                     std::string("clientConnection:\n  kubeconfig: ") + kLooseKubeconfig + "\n")
                   .Build(),
               {});
  CHECK(FindingFor(fail, "4.1.3").status == CheckStatus::kFail);
}

TEST_CASE(
    "kube-proxy's metrics address comes from its config file, defaulted when empty, the flag "
    "ignored",
    "[precedence][kube-proxy]") {
  Evaluation from_file = Evaluate(
      Cis16(),
      Proxy({"--metrics-bind-address=127.0.0.1:10249"}, "metricsBindAddress: 0.0.0.0:10249\n")
          .Build(),
      {});
  EffectiveSetting metrics = SettingOf(from_file, "kube-proxy", "metrics-bind-address");
  CHECK(metrics.value == "0.0.0.0:10249");
  CHECK(metrics.source == std::string("config file ") + kProxyConfig +
                              " key metricsBindAddress; flag --metrics-bind-address on running "
                              "kube-proxy (pid 51) is ignored: "
                              "kube-proxy takes it from its config file when --config is given");

  Evaluation empty = Evaluate(Cis16(), Proxy({}, "metricsBindAddress: \"\"\n").Build(), {});
  CHECK(SettingOf(empty, "kube-proxy", "metrics-bind-address").value == "127.0.0.1:10249");
}

TEST_CASE("kube-proxy's --hostname-override still beats its config file",
          "[precedence][kube-proxy]") {
  Evaluation ev = Evaluate(
      Cis16(), Proxy({"--hostname-override=node-7"}, "hostnameOverride: wrong-name\n").Build(), {});
  EffectiveSetting name = SettingOf(ev, "kube-proxy", "hostname-override");
  CHECK(name.value == "node-7");
  CHECK(name.source == "flag --hostname-override on running kube-proxy (pid 51)");
}

}  // namespace kubeproof
