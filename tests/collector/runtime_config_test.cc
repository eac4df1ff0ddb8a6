// Container runtime configs: only where CNI configuration is read from leaves the node, and the
// directory they name is examined, as is the kubelet's --cni-conf-dir.
#include <catch2/catch.hpp>

#include "collector/collector.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::AnyMemberContains;
using testing::FileRecord;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;
using testing::WriteProcess;

std::map<std::string, std::string> CollectTree(const std::string& root) {
  std::filesystem::create_directories(root + "/proc");
  CollectOptions options;
  options.root = root;
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  return UnpackBundle(bundle->bytes);
}

TEST_CASE("containerd's conf_dir is kept from config.toml and the directory it names is examined",
          "[collector][cni]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/containerd/config.toml",
            "version = 2\n# registry credentials\n"
            "[plugins.\"io.containerd.grpc.v1.cri\".cni]\n  bin_dir = \"/opt/cni/bin\"\n  conf_dir = \"/opt/cni/net.d\"\n"
            "[plugins.\"io.containerd.grpc.v1.cri\".registry.configs.\"r.example\".auth]\n"
            "  password = \"KUBEPROOF-CANARY-CONTAINERD\"\n"
            "  identitytoken = \"\"\"\nKUBEPROOF-CANARY-MULTILINE\n\"\"\"\n");
  WriteFile(dir.path(), "opt/cni/net.d/10-calico.conflist", "{\"cniVersion\": \"0.3.1\", \"name\": \"k8s-pod-network\"}\n", 0666);
  auto members = CollectTree(dir.path());
  CHECK_FALSE(AnyMemberContains(members, "KUBEPROOF-CANARY"));
  nlohmann::json config = FileRecord(members, "/etc/containerd/config.toml");
  REQUIRE(config["content"]["profile"] == "runtime-config");
  CHECK(members.at("files/etc/containerd/config.toml") ==
        "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".cni]\nconf_dir = \"/opt/cni/net.d\"\n");
  nlohmann::json cni = FileRecord(members, "/opt/cni/net.d/10-calico.conflist");
  REQUIRE(cni.is_object());
  CHECK(cni["mode"] == "0666");
  CHECK(cni["why"][0] == "conf_dir in /etc/containerd/config.toml");
}

TEST_CASE("CRI-O's network_dir in a crio.conf.d drop-in is followed", "[collector][cni]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/crio/crio.conf.d/10-net.conf", "[crio.network]\nnetwork_dir = \"/srv/cni\"\n");
  WriteFile(dir.path(), "srv/cni/87-podman.conflist", "{}\n");
  auto members = CollectTree(dir.path());
  nlohmann::json cni = FileRecord(members, "/srv/cni/87-podman.conflist");
  REQUIRE(cni.is_object());
  CHECK(cni["why"][0] == "network_dir in /etc/crio/crio.conf.d/10-net.conf");
}

TEST_CASE("a dockershim kubelet's --cni-conf-dir is examined", "[collector][cni]") {
  TempDir dir;
  WriteFile(dir.path(), "opt/cni/net.d/10-flannel.conflist", "{}\n");
  WriteProcess(dir.path() + "/proc", 900, {"/usr/bin/kubelet", "--network-plugin=cni", "--cni-conf-dir=/opt/cni/net.d"});
  auto members = CollectTree(dir.path());
  nlohmann::json cni = FileRecord(members, "/opt/cni/net.d/10-flannel.conflist");
  REQUIRE(cni.is_object());
  CHECK(cni["why"][0] == "kubelet --cni-conf-dir");
}

}  // namespace
}  // namespace kubeproof
