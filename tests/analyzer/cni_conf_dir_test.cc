// CIS 1.1.9/1.1.10 judge the CNI configuration directory in use: the container runtime's own
// setting, or the kubelet's --cni-conf-dir while dockershim ran CNI.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;
using testing::FindingFor;

// A control plane whose /etc/cni/net.d is compliant and /opt/cni/net.d is not.
EvidenceBuilder ControlPlane(std::vector<std::string> kubelet_argv = {"/usr/bin/kubelet"}) {
  EvidenceBuilder b;
  b.Process("kube-apiserver", {"kube-apiserver", "--anonymous-auth=false"})
      .Process("kubelet", std::move(kubelet_argv))
      .Directory("/etc/cni/net.d")
      .File("/etc/cni/net.d/10-flannel.conflist", "{}", {0644})
      .Directory("/opt/cni/net.d")
      .File("/opt/cni/net.d/10-calico.conflist", "{}", {0666})
      .KubernetesVersion("kube-apiserver", "v1.28.4");
  return b;
}

Finding Mode(const NodeEvidence& e) {
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  return FindingFor(ev, "1.1.9");
}

TEST_CASE("containerd's cri conf_dir decides which CNI directory is judged", "[cni]") {
  auto e = ControlPlane({"/usr/bin/kubelet", "--container-runtime-endpoint=unix:///run/containerd/containerd.sock"})
               .File("/etc/containerd/config.toml",
                     "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\nconf_dir = \"/opt/cni/net.d\"\n")
               .Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.reason == "/opt/cni/net.d/10-calico.conflist: mode 0666 has bits 0022 outside 0644");
  CHECK(f.source ==
        "CNI configuration directory /opt/cni/net.d: conf_dir in containerd config /etc/containerd/config.toml");
}

TEST_CASE("containerd 2's io.containerd.cri.v1.runtime conf_dir is honoured", "[cni]") {
  auto e = ControlPlane()
               .File("/etc/containerd/config.toml",
                     "version = 3\n[plugins.\"io.containerd.cri.v1.runtime\".cni]\nconf_dir = \"/opt/cni/net.d\"\n")
               .Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source ==
        "CNI configuration directory /opt/cni/net.d: conf_dir in containerd config /etc/containerd/config.toml");
}

TEST_CASE("CRI-O's network_dir from its last drop-in is the CNI directory judged", "[cni]") {
  auto e = ControlPlane({"/usr/bin/kubelet", "--container-runtime-endpoint", "unix:///var/run/crio/crio.sock"})
               .File("/etc/crio/crio.conf", "[crio.network]\nnetwork_dir = \"/etc/cni/net.d/\"\n")
               .Directory("/etc/crio/crio.conf.d")
               .File("/etc/crio/crio.conf.d/10-cni.conf", "[crio.network]\nnetwork_dir = \"/opt/cni/net.d\"\n")
               .Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == "CNI configuration directory /opt/cni/net.d: network_dir in CRI-O config /etc/crio/crio.conf.d/10-cni.conf");
}

TEST_CASE("a kubelet 1.23 on dockershim reads CNI configuration from its --cni-conf-dir", "[cni]") {
  auto e = ControlPlane({"/usr/bin/kubelet", "--network-plugin=cni", "--cni-conf-dir=/opt/cni/net.d"})
               .KubernetesVersion("kubelet", "v1.23.17")
               .Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == "CNI configuration directory /opt/cni/net.d: flag --cni-conf-dir on running kubelet (pid 101) "
                    "(dockershim, Kubernetes 1.23)");
}

TEST_CASE("with no runtime configuration naming one, containerd's default /etc/cni/net.d is judged", "[cni]") {
  auto e = ControlPlane().Absent("/etc/containerd/config.toml").Absent("/etc/crio/crio.conf").Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == "CNI configuration directory /etc/cni/net.d: containerd's default (no config.toml)");
}

TEST_CASE("an unreadable containerd config leaves the CNI file checks unverifiable", "[cni]") {
  auto e = ControlPlane().Unreadable("/etc/containerd/config.toml").Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "CNI configuration directory unknown: containerd config /etc/containerd/config.toml unreadable: "
                    "Permission denied");
}

TEST_CASE("a bundle whose collector examined no runtime configuration leaves the CNI checks unverifiable", "[cni]") {
  auto e = ControlPlane().Build();
  Finding f = Mode(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "CNI configuration directory unknown: no container runtime configuration was examined");
}

}  // namespace
}  // namespace kubeproof
