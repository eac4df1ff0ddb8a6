// Effective settings: the subtle cases other scanners get wrong, each named.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/settings/effective_settings.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;

const ComponentCatalog& Catalog() {
  static const ComponentCatalog c = [] {
    auto loaded = LoadComponentCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/components");
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return c;
}

const DistributionCatalog& Distributions() {
  static const DistributionCatalog d = [] {
    auto loaded = LoadDistributionCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/distributions", Catalog());
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return d;
}

// A small API server description of our own, so these tests do not depend on other rule files.
const ComponentSpec& ApiServer() {
  static const ComponentSpec spec = [] {
    auto s = ParseComponentSpec(
        "component: test-apiserver\n"
        "static_pod_manifests: [/etc/kubernetes/manifests/kube-apiserver.yaml]\n"
        "flags:\n"
        "  anonymous-auth: {type: bool, default: [{versions: \"1.16-\", flag: \"true\"}]}\n"
        "  authorization-mode: {type: list, default: [{versions: \"1.16-\", flag: AlwaysAllow}]}\n"
        "  enable-admission-plugins: {type: list}\n"
        "  disable-admission-plugins: {type: list}\n"
        "  profiling: {type: bool, default: [{versions: \"1.16-\", flag: \"true\"}]}\n"
        "  audit-log-maxage: {type: int}\n"
        "admission_plugins:\n"
        "  default_enabled:\n"
        "    - {versions: \"1.16-\", plugins: [NamespaceLifecycle, ServiceAccount, NodeRestriction]}\n",
        "test-apiserver.yaml");
    if (!s.ok()) FAIL(s.status().message());
    return std::move(s).value();
  }();
  return spec;
}

ComponentSettings Settings(const ComponentSpec& spec, const NodeEvidence& e,
                           std::optional<std::string> version = std::nullopt) {
  ComponentInstance inst = FindInstance(spec, e, &Distributions());
  VersionChoice v = ChooseVersion(spec.component, e, inst, version, "1.18", "test");
  return ComponentSettings(spec, e, std::move(inst), std::move(v));
}

ResolvedSetting Kubelet(const NodeEvidence& e, const std::string& name) {
  return Settings(*Catalog().Find("kubelet"), e).Resolve(name);
}

constexpr const char* kConfig = "/var/lib/kubelet/config.yaml";

}  // namespace

TEST_CASE("a kubelet flag overrides the config file when the flag is the secure one", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"}, 812)
               .File(kConfig, "authentication:\n  anonymous:\n    enabled: true\n")
               .Build();
  auto r = Kubelet(e, "anonymous-auth");
  CHECK(r.value == "false");
  CHECK(r.origin == SettingOrigin::kCommandLine);
  CHECK(r.source == "flag --anonymous-auth on running kubelet (pid 812)");
}

TEST_CASE("a kubelet flag overrides the config file when the flag is the insecure one", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"})
               .File(kConfig, "authentication:\n  anonymous:\n    enabled: false\n")
               .Build();
  CHECK(Kubelet(e, "anonymous-auth").value == "true");
}

TEST_CASE("a correct flag stays PASS when the config file is missing", "[settings][rules]") {
  auto bench = LoadBenchmark(KUBEPROOF_SOURCE_DIR "/benchmarks", "cis-1.6.0");
  REQUIRE(bench.ok());
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"})
               .Absent(kConfig)
               .Build();
  Evaluation ev = Evaluate(*bench, e, {});
  auto it = std::find_if(ev.findings.begin(), ev.findings.end(), [](const Finding& f) { return f.check_id == "4.2.1"; });
  REQUIRE(it != ev.findings.end());
  CHECK(it->status == CheckStatus::kPass);
  CHECK(it->source.find("flag --anonymous-auth on running kubelet") == 0);
}

TEST_CASE("a correct flag stays PASS when the config file is unreadable", "[settings][rules]") {
  auto bench = LoadBenchmark(KUBEPROOF_SOURCE_DIR "/benchmarks", "cis-1.6.0");
  REQUIRE(bench.ok());
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"})
               .Unreadable(kConfig)
               .Build();
  Evaluation ev = Evaluate(*bench, e, {});
  const Finding* anonymous = nullptr;
  const Finding* protect = nullptr;
  for (const auto& f : ev.findings) {
    if (f.check_id == "4.2.1") anonymous = &f;
    if (f.check_id == "4.2.6") protect = &f;
  }
  REQUIRE(anonymous != nullptr);
  REQUIRE(protect != nullptr);
  CHECK(anonymous->status == CheckStatus::kPass);
  // A setting only the unreadable file could hold is unverifiable, not a default.
  CHECK(protect->status == CheckStatus::kUnverifiable);
  CHECK(protect->reason == "config file /var/lib/kubelet/config.yaml unreadable: Permission denied");
}

TEST_CASE("a kubelet --config at a non-default path is the one read", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config", "/etc/kubernetes/kubelet/kubelet-config.yaml"})
               .File(kConfig, "readOnlyPort: 10255\n")
               .File("/etc/kubernetes/kubelet/kubelet-config.yaml", "readOnlyPort: 0\n")
               .Build();
  auto r = Kubelet(e, "read-only-port");
  CHECK(r.value == "0");
  CHECK(r.source == "config file /etc/kubernetes/kubelet/kubelet-config.yaml key readOnlyPort");
}

TEST_CASE("a --config-dir drop-in overrides the main config file, later drop-ins winning", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml",
                                    "--config-dir=/etc/kubernetes/kubelet.conf.d"})
               .File(kConfig, "readOnlyPort: 0\nprotectKernelDefaults: true\n")
               .File("/etc/kubernetes/kubelet.conf.d/20-late.conf", "readOnlyPort: 10255\n")
               .File("/etc/kubernetes/kubelet.conf.d/10-early.conf", "readOnlyPort: 10001\nprotectKernelDefaults: false\n")
               .File("/etc/kubernetes/kubelet.conf.d/30-ignored.yaml", "readOnlyPort: 1\n")
               .Build();
  auto port = Kubelet(e, "read-only-port");
  CHECK(port.value == "10255");
  CHECK(port.origin == SettingOrigin::kConfigDir);
  CHECK(port.source == "drop-in /etc/kubernetes/kubelet.conf.d/20-late.conf key readOnlyPort");
  CHECK(Kubelet(e, "protect-kernel-defaults").value == "false");
}

TEST_CASE("readOnlyPort defaults to 10255 without a config file and to 0 with one", "[settings]") {
  auto flags_only = EvidenceBuilder().Process("kubelet", {"kubelet"}).KubernetesVersion("kubelet", "v1.22.3").Build();
  auto r = Kubelet(flags_only, "read-only-port");
  CHECK(r.value == "10255");
  CHECK(r.origin == SettingOrigin::kDefault);
  CHECK(r.source == "default for Kubernetes 1.22 without a config file");

  auto with_config = EvidenceBuilder()
                         .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml"})
                         .File(kConfig, "kind: KubeletConfiguration\n")
                         .Build();
  auto c = Kubelet(with_config, "read-only-port");
  CHECK(c.value == "0");
  CHECK(c.source.find("default for Kubernetes 1.18 with a config file (version assumed") == 0);
}

TEST_CASE("the --x v form gives x the next word", "[settings]") {
  auto e = EvidenceBuilder().Process("kubelet", {"kubelet", "--read-only-port", "0"}).Build();
  CHECK(Kubelet(e, "read-only-port").value == "0");
}

TEST_CASE("a bare boolean flag means true", "[settings]") {
  auto e = EvidenceBuilder().Process("kubelet", {"kubelet", "--protect-kernel-defaults", "--v=2"}).Build();
  auto r = Kubelet(e, "protect-kernel-defaults");
  CHECK(r.value == "true");
  CHECK(r.origin == SettingOrigin::kCommandLine);
}

TEST_CASE("a capitalised boolean is read as a boolean", "[settings]") {
  auto e = EvidenceBuilder().Process("kubelet", {"kubelet", "--anonymous-auth=False"}).Build();
  CHECK(Kubelet(e, "anonymous-auth").value == "false");
}

TEST_CASE("a repeated scalar flag takes its last value", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--read-only-port=0", "--read-only-port=10255"})
               .Build();
  CHECK(Kubelet(e, "read-only-port").value == "10255");
}

TEST_CASE("a repeated list flag adds up", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("test-apiserver", {"kube-apiserver", "--authorization-mode=Node", "--authorization-mode=RBAC,Webhook"})
               .Build();
  auto r = Settings(ApiServer(), e).Resolve("authorization-mode");
  CHECK(r.items == std::vector<std::string>{"Node", "RBAC", "Webhook"});
  CHECK(r.value == "Node,RBAC,Webhook");
}

TEST_CASE("feature gates merge key by key across the config file and flags", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml", "--feature-gates=A=true",
                                    "--feature-gates=B=False"})
               .File(kConfig, "featureGates:\n  C: true\n  A: false\n")
               .Build();
  auto r = Kubelet(e, "feature-gates");
  REQUIRE(r.entries.count("A"));
  CHECK(r.entries.at("A").value == "true");
  CHECK(r.entries.at("B").value == "false");
  CHECK(r.entries.at("C").source == "config file /var/lib/kubelet/config.yaml key featureGates.C");
  CHECK(r.entries.at("RotateKubeletServerCertificate").value == "true");
}

TEST_CASE("an EKS JSON kubelet config is read like YAML", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"/usr/bin/kubelet", "--config", "/etc/kubernetes/kubelet/kubelet-config.json",
                                    "--kubeconfig", "/var/lib/kubelet/kubeconfig"})
               .File("/etc/kubernetes/kubelet/kubelet-config.json",
                     R"({"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1",)"
                     R"("authentication":{"anonymous":{"enabled":false},"webhook":{"enabled":true},)"
                     R"("x509":{"clientCAFile":"/etc/kubernetes/pki/ca.crt"}},"authorization":{"mode":"Webhook"},)"
                     R"("readOnlyPort":0,"protectKernelDefaults":true,"tlsCipherSuites":["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]})")
               .Build();
  CHECK(Kubelet(e, "anonymous-auth").value == "false");
  CHECK(Kubelet(e, "client-ca-file").value == "/etc/kubernetes/pki/ca.crt");
  CHECK(Kubelet(e, "protect-kernel-defaults").value == "true");
  CHECK(Kubelet(e, "tls-cipher-suites").items == std::vector<std::string>{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
  CHECK(Kubelet(e, "kubeconfig").value == "/var/lib/kubelet/kubeconfig");
}

TEST_CASE("with no kubelet process, AKS flags come from /etc/default/kubelet through the unit's EnvironmentFile", "[settings]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service",
                     "[Unit]\nDescription=Kubelet\n[Service]\nEnvironmentFile=/etc/default/kubelet\n"
                     "ExecStart=/usr/local/bin/kubelet \\\n        --enable-server \\\n"
                     "        --node-labels=\"${KUBELET_NODE_LABELS}\" \\\n        $KUBELET_FLAGS\n")
               .File("/etc/default/kubelet",
                     "KUBELET_FLAGS=--anonymous-auth=false --authorization-mode=Webhook --read-only-port=0 "
                     "--client-ca-file=/etc/kubernetes/certs/ca.crt\nKUBELET_NODE_LABELS=agentpool=np1,mode=system\n")
               .Build();
  auto settings = Settings(*Catalog().Find("kubelet"), e);
  CHECK(settings.instance().kind == InstanceKind::kDeclaredSystemd);
  auto r = settings.Resolve("anonymous-auth");
  CHECK(r.value == "false");
  CHECK(r.source == "flag --anonymous-auth declared in /etc/systemd/system/kubelet.service via /etc/default/kubelet, not observed");
  CHECK(settings.Resolve("node-labels").value == "agentpool=np1,mode=system");
  CHECK(settings.Resolve("read-only-port").value == "0");
}

TEST_CASE("with no kubelet process, kubeadm's 10-kubeadm.conf and kubeadm-flags.env declare the kubelet", "[settings]") {
  auto e = EvidenceBuilder()
               .File("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n")
               .File("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                     "# kubeadm\n[Service]\n"
                     "Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf "
                     "--kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
                     "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n"
                     "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
                     "EnvironmentFile=-/etc/default/kubelet\n"
                     "ExecStart=\n"
                     "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n")
               .File("/var/lib/kubelet/kubeadm-flags.env",
                     "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --hostname-override=cp-1\"\n")
               .Absent("/etc/default/kubelet")
               .File(kConfig, "authentication:\n  anonymous:\n    enabled: false\n")
               .Build();
  auto settings = Settings(*Catalog().Find("kubelet"), e);
  REQUIRE(settings.instance().kind == InstanceKind::kDeclaredSystemd);
  CHECK(settings.instance().argv.front() == "/usr/bin/kubelet");
  auto anonymous = settings.Resolve("anonymous-auth");
  CHECK(anonymous.value == "false");
  CHECK(anonymous.source == "config file /var/lib/kubelet/config.yaml key authentication.anonymous.enabled, declared, not observed");
  auto hostname = settings.Resolve("hostname-override");
  CHECK(hostname.value == "cp-1");
  CHECK(hostname.source ==
        "flag --hostname-override declared in /etc/systemd/system/kubelet.service.d/10-kubeadm.conf via "
        "/var/lib/kubelet/kubeadm-flags.env, not observed");
  CHECK(settings.Resolve("kubeconfig").value == "/etc/kubernetes/kubelet.conf");
}

TEST_CASE("a running process beats its edited static pod manifest", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("test-apiserver", {"kube-apiserver", "--anonymous-auth=false"}, 4242)
               .File("/etc/kubernetes/manifests/kube-apiserver.yaml",
                     "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n"
                     "    image: registry.k8s.io/kube-apiserver:v1.20.4\n"
                     "    command: [kube-apiserver, --anonymous-auth=true]\n")
               .Build();
  auto settings = Settings(ApiServer(), e);
  CHECK(settings.instance().kind == InstanceKind::kRunning);
  auto r = settings.Resolve("anonymous-auth");
  CHECK(r.value == "false");
  CHECK(r.source == "flag --anonymous-auth on running test-apiserver (pid 4242)");
  // The manifest still names the version.
  CHECK(settings.version().text == "1.20");
}

TEST_CASE("with no process, the static pod manifest declares the component", "[settings]") {
  auto e = EvidenceBuilder()
               .File("/etc/kubernetes/manifests/kube-apiserver.yaml",
                     "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n"
                     "    image: registry.k8s.io/kube-apiserver:v1.29.0\n"
                     "    command:\n    - kube-apiserver\n    - --anonymous-auth=false\n    args: [--profiling=false]\n")
               .Build();
  auto settings = Settings(ApiServer(), e);
  CHECK(settings.instance().kind == InstanceKind::kDeclaredManifest);
  CHECK(settings.Resolve("profiling").value == "false");
  CHECK(settings.Resolve("anonymous-auth").source ==
        "flag --anonymous-auth declared in /etc/kubernetes/manifests/kube-apiserver.yaml, not observed");
  CHECK(settings.version().text == "1.29");
}

TEST_CASE("the --k8s-version option overrides the version found in the evidence", "[settings]") {
  auto e = EvidenceBuilder().Process("kubelet", {"kubelet"}).KubernetesVersion("kubelet", "v1.30.1").Build();
  auto settings = Settings(*Catalog().Find("kubelet"), e, "1.20");
  CHECK(settings.version().text == "1.20");
  CHECK(settings.Resolve("event-qps").value == "5");
  CHECK(Settings(*Catalog().Find("kubelet"), e).Resolve("event-qps").value == "50");
}

TEST_CASE("k3s kubelet arguments map onto the kubelet", "[settings]") {
  auto e = EvidenceBuilder()
               .Process("k3s-server", {"/usr/local/bin/k3s", "server", "--kubelet-arg=anonymous-auth=false",
                                       "--kubelet-arg", "read-only-port=0"}, 77)
               .File("/etc/rancher/k3s/config.yaml", "kubelet-arg:\n  - protect-kernel-defaults=true\n")
               .Absent("/etc/rancher/k3s/config.yaml.d")
               .Build();
  auto settings = Settings(*Catalog().Find("kubelet"), e);
  CHECK(settings.instance().kind == InstanceKind::kEmbedded);
  CHECK(settings.Resolve("anonymous-auth").value == "false");
  CHECK(settings.Resolve("anonymous-auth").source ==
        "flag --anonymous-auth for kubelet from flag --kubelet-arg on running k3s-server (pid 77)");
  CHECK(settings.Resolve("read-only-port").value == "0");
  CHECK(settings.Resolve("protect-kernel-defaults").source ==
        "flag --protect-kernel-defaults for kubelet from k3s config /etc/rancher/k3s/config.yaml key kubelet-arg");
}

TEST_CASE("without a version, a k3s-embedded setting not given explicitly is unverifiable, never the upstream default",
          "[settings]") {
  auto e = EvidenceBuilder()
               .Process("k3s-server", {"/usr/local/bin/k3s", "server", "--kube-apiserver-arg=profiling=false"}, 77)
               .Absent("/etc/rancher/k3s/config.yaml")
               .Absent("/etc/rancher/k3s/config.yaml.d")
               .Build();
  auto settings = Settings(*Catalog().Find("kube-apiserver"), e);
  REQUIRE(settings.instance().kind == InstanceKind::kEmbedded);
  CHECK(settings.Resolve("profiling").value == "false");
  CHECK_FALSE(settings.Resolve("profiling").unverifiable.has_value());
  ResolvedSetting anonymous = settings.Resolve("anonymous-auth");
  CHECK_FALSE(anonymous.set);
  REQUIRE(anonymous.unverifiable.has_value());
  CHECK(anonymous.unverifiable->find("k3s chooses") == 0);
}

}  // namespace kubeproof

