#include "collector/collector.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::AnyMemberContains;
using testing::FileRecord;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;
using testing::WriteProcess;

// A small kubeadm-like control plane with a canary in every secret-bearing place.
void BuildControlPlane(const std::string& root) {
  WriteFile(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\netcd:x:998:998::/var/lib/etcd:/bin/false\n");
  WriteFile(root, "etc/group", "root:x:0:\netcd:x:998:\n");
  WriteFile(root, "etc/hostname", "cp-test\n");
  WriteFile(root, "etc/os-release", "NAME=Test\nPRETTY_NAME=\"Test Linux 1\"\n");
  WriteFile(root, "proc/sys/kernel/osrelease", "6.1.0-test\n");
  WriteFile(root, "etc/kubernetes/manifests/kube-apiserver.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n"
            "    - --anonymous-auth=false\n    - --token-auth-file=/etc/kubernetes/auth/tokens.csv\n"
            "    - --encryption-provider-config=/etc/kubernetes/enc/enc.yaml\n"
            "    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n"
            "    - --oidc-client-secret=KUBEPROOF-CANARY-MANIFEST-FLAG\n"
            "    image: registry.k8s.io/kube-apiserver:v1.20.4\n"
            "    env:\n    - name: X\n      value: KUBEPROOF-CANARY-MANIFEST-ENV\n",
            0600);
  WriteFile(root, "etc/kubernetes/auth/tokens.csv", "KUBEPROOF-CANARY-TOKENS-CSV,admin,1\n", 0600);
  WriteFile(root, "etc/kubernetes/enc/enc.yaml",
            "resources:\n- providers:\n  - aescbc:\n      keys:\n      - name: k\n        secret: KUBEPROOF-CANARY-ENC\n",
            0600);
  WriteFile(root, "etc/kubernetes/admin.conf",
            "users:\n- name: admin\n  user:\n    client-key-data: KUBEPROOF-CANARY-ADMIN-KEY\n    token: KUBEPROOF-CANARY-ADMIN-TOKEN\n",
            0600);
  WriteFile(root, "etc/kubernetes/pki/apiserver.key",
            "-----BEGIN PRIVATE KEY-----\nKUBEPROOF-CANARY-PKI-KEY\n-----END PRIVATE KEY-----\n", 0600);
  WriteFile(root, "etc/kubernetes/pki/ca.crt", "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n");
  // A .pem that is really a key, whatever its name says.
  WriteFile(root, "etc/kubernetes/pki/combined.pem",
            "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\n"
            "KUBEPROOF-CANARY-PEM-KEY\n-----END EC PRIVATE KEY-----\n", 0600);
  WriteFile(root, "var/lib/etcd/member/snap/db", "KUBEPROOF-CANARY-ETCD-DATA", 0600);
  chmod((root + "/var/lib/etcd").c_str(), 0700);
  WriteFile(root, "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
            "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n"
            "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
            "ExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS\n");
  WriteFile(root, "var/lib/kubelet/kubeadm-flags.env",
            "KUBELET_KUBEADM_ARGS=\"--kubeconfig=/etc/kubernetes/kubelet.conf --bootstrap-token=KUBEPROOF-CANARY-ENVFILE\"\n");
  WriteFile(root, "var/lib/kubelet/config.yaml",
            "kind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
            "staticPodPath: /etc/kubernetes/manifests\n");
  WriteFile(root, "etc/kubernetes/kubelet.conf", "users:\n- name: kubelet\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n");
  WriteProcess(root + "/proc", 812, {"kube-apiserver", "--anonymous-auth=false", "--token-auth-file=/etc/kubernetes/auth/tokens.csv",
                                     "--token", "KUBEPROOF-CANARY-ARGV", "--etcd-keyfile=/etc/kubernetes/pki/apiserver.key"}, 4711, 0);
}

CollectOptions OptionsFor(const std::string& root) {
  CollectOptions options;
  options.root = root;
  options.cluster = "test-cluster";
  return options;
}

TEST_CASE("a control-plane tree yields a bundle with no canary and the expected records", "[collector][collect]") {
  TempDir dir;
  BuildControlPlane(dir.path());
  Result<CollectedBundle> bundle = Collect(OptionsFor(dir.path()));
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  REQUIRE(members.count("SHA256SUMS") == 1);
  CHECK_FALSE(AnyMemberContains(members, "KUBEPROOF-CANARY"));

  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  CHECK(manifest["node"]["name"] == "cp-test");
  CHECK(manifest["node"]["cluster"] == "test-cluster");
  CHECK(manifest["node"]["os_release"] == "Test Linux 1");
  CHECK(manifest["node"]["kernel_release"] == "6.1.0-test");
  CHECK(manifest["collection"]["process_view"] == "full");
  REQUIRE(manifest["kubernetes_versions"].size() == 1);
  CHECK(manifest["kubernetes_versions"][0]["version"] == "v1.20.4");

  nlohmann::json processes = nlohmann::json::parse(members.at("evidence/processes.json"))["processes"];
  REQUIRE(processes.size() == 1);
  CHECK(processes[0]["component"] == "kube-apiserver");
  CHECK(processes[0]["start_time"] == 4711);
  CHECK(processes[0]["argv"][1] == "--anonymous-auth=false");
  CHECK(processes[0]["argv"][2] == "--token-auth-file=/etc/kubernetes/auth/tokens.csv");
  CHECK(processes[0]["argv"][4] == "<redacted>");
  CHECK(processes[0]["redacted_args"] == nlohmann::json::array({4}));

  nlohmann::json tokens = FileRecord(members, "/etc/kubernetes/auth/tokens.csv");
  REQUIRE(tokens.is_object());
  CHECK(tokens["mode"] == "0600");
  CHECK(tokens["owner"] == "root");
  CHECK(tokens["content"].is_null());
  CHECK(tokens["why"][0] == "kube-apiserver --token-auth-file");

  nlohmann::json manifest_record = FileRecord(members, "/etc/kubernetes/manifests/kube-apiserver.yaml");
  CHECK(manifest_record["content"]["policy"] == "redacted");
  CHECK(members.count("files/etc/kubernetes/manifests/kube-apiserver.yaml") == 1);
  CHECK(FileRecord(members, "/etc/kubernetes/enc/enc.yaml")["content"]["policy"] == "redacted");

  nlohmann::json etcd = FileRecord(members, "/var/lib/etcd");
  CHECK(etcd["type"] == "dir");
  CHECK(etcd["mode"] == "0700");
  CHECK(FileRecord(members, "/var/lib/etcd/member").is_null());

  // Followed from declared configuration: drop-in -> EnvironmentFile -> --kubeconfig, and the
  // kubelet config's clientCAFile.
  CHECK(FileRecord(members, "/var/lib/kubelet/kubeadm-flags.env")["content"]["policy"] == "redacted");
  CHECK(FileRecord(members, "/etc/kubernetes/kubelet.conf")["why"][0] ==
        "--kubeconfig in /var/lib/kubelet/kubeadm-flags.env");
  nlohmann::json ca = FileRecord(members, "/etc/kubernetes/pki/ca.crt");
  CHECK(ca["content"]["policy"] == "stat-only");
  CHECK(ca["content"]["sha256"].is_string());
  nlohmann::json pem = FileRecord(members, "/etc/kubernetes/pki/combined.pem");
  CHECK(pem["content"]["sha256"].is_null());
  CHECK(FileRecord(members, "/var/lib/kubelet/pki/kubelet-client-current.pem")["status"] == "absent");

  bool key_skipped = false;
  for (const auto& s : manifest["skipped"]) {
    key_skipped = key_skipped || (s["path"] == "/etc/kubernetes/pki/apiserver.key" &&
                                  s["reason"] == "private key: stat only by policy");
  }
  CHECK(key_skipped);
  bool argv_redaction = false;
  for (const auto& r : manifest["redactions"]) {
    argv_redaction = argv_redaction || r["member"] == "evidence/processes.json";
  }
  CHECK(argv_redaction);
}

TEST_CASE("collecting the same tree twice gives the same members", "[collector][collect]") {
  TempDir dir;
  BuildControlPlane(dir.path());
  auto first = UnpackBundle(Collect(OptionsFor(dir.path()))->bytes);
  auto second = UnpackBundle(Collect(OptionsFor(dir.path()))->bytes);
  first.erase("manifest.json");
  first.erase("SHA256SUMS");
  second.erase("manifest.json");
  second.erase("SHA256SUMS");
  CHECK(first == second);
}

TEST_CASE("without any Kubernetes process the process view is limited", "[collector][collect]") {
  TempDir dir;
  WriteFile(dir.path(), "proc/1/cmdline", std::string("/sbin/init\0", 11));
  WriteFile(dir.path(), "etc/hostname", "quiet\n");
  Result<CollectedBundle> bundle = Collect(OptionsFor(dir.path()));
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  CHECK(manifest["collection"]["process_view"] == "limited");
  CHECK(FileRecord(members, "/etc/kubernetes/admin.conf")["status"] == "absent");
}

TEST_CASE("loops, FIFOs, oversized files and vanished pids are recorded, never fatal", "[collector][collect][faults]") {
  TempDir dir;
  std::string root = dir.path();
  WriteFile(root, "etc/kubernetes/placeholder", "");
  REQUIRE(symlink("scheduler.conf", (root + "/etc/kubernetes/admin.conf").c_str()) == 0);
  REQUIRE(symlink("admin.conf", (root + "/etc/kubernetes/scheduler.conf").c_str()) == 0);
  REQUIRE(mkfifo((root + "/etc/kubernetes/kubelet.conf").c_str(), 0600) == 0);
  WriteFile(root, "var/lib/kubelet/config.yaml", std::string(3000, '#'));
  REQUIRE(symlink("/../../../../etc/passwd", (root + "/etc/kubernetes/controller-manager.conf").c_str()) == 0);
  WriteFile(root, "proc/4242/placeholder", "");
  CollectOptions options = OptionsFor(root);
  options.max_file_bytes = 2048;
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);

  nlohmann::json loop = FileRecord(members, "/etc/kubernetes/admin.conf");
  CHECK(loop["type"] == "symlink");
  CHECK(loop["status"] == "error");
  CHECK(loop["link_target"] == "scheduler.conf");
  CHECK(FileRecord(members, "/etc/kubernetes/kubelet.conf")["status"] == "not-regular");
  CHECK(FileRecord(members, "/etc/kubernetes/kubelet.conf")["type"] == "fifo");
  CHECK(FileRecord(members, "/var/lib/kubelet/config.yaml")["status"] == "too-large");
  // The escaping link lands on the tree's own (absent) /etc/passwd, never the host's.
  CHECK(FileRecord(members, "/etc/kubernetes/controller-manager.conf")["status"] == "absent");
  CHECK(members.count("files/etc/passwd") == 0);

  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  REQUIRE(manifest["truncated"].size() == 1);
  CHECK(manifest["truncated"][0]["limit"] == 2048);
  bool vanished = false;
  for (const auto& p : manifest["problems"]) vanished = vanished || p["problem"] == "process vanished while being read";
  CHECK(vanished);
}

TEST_CASE("the total byte cap stops copying and says so", "[collector][collect][faults]") {
  TempDir dir;
  BuildControlPlane(dir.path());
  CollectOptions options = OptionsFor(dir.path());
  options.max_total_bytes = 64;
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  bool noted = false;
  for (const auto& p : manifest["problems"]) noted = noted || p["problem"].get<std::string>().find("total byte cap") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("a root that does not exist is an error before anything is collected", "[collector][collect]") {
  CHECK_FALSE(Collect(OptionsFor("/nonexistent/kubeproof/root")).ok());
}

}  // namespace
}  // namespace kubeproof

namespace kubeproof {
namespace {

TEST_CASE("the platform marker files are recorded by stat only, a script's secret never copied",
          "[collector][collect]") {
  TempDir dir;
  const std::string root = dir.path();
  WriteFile(root, "etc/hostname", "marker-test\n");
  WriteFile(root, "proc/sys/kernel/osrelease", "6.1.0-test\n");
  WriteFile(root, "usr/bin/nodeadm", "#!binary KUBEPROOF-CANARY-NODEADM\n", 0755);
  WriteFile(root, "etc/eks/bootstrap.sh", "#!/bin/sh\nTOKEN=KUBEPROOF-CANARY-BOOTSTRAP\n", 0755);
  WriteFile(root, "opt/azure/containers/kubelet.sh", "#!/bin/bash\nSECRET=KUBEPROOF-CANARY-AKS-SCRIPT\n", 0744);
  WriteFile(root, "home/kubernetes/bin/kubelet", "ELF KUBEPROOF-CANARY-GKE-BINARY\n", 0755);
  Result<CollectedBundle> bundle = Collect(OptionsFor(root));
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  CHECK_FALSE(AnyMemberContains(members, "KUBEPROOF-CANARY"));
  for (const char* path :
       {"/usr/bin/nodeadm", "/etc/eks/bootstrap.sh", "/opt/azure/containers/kubelet.sh", "/home/kubernetes/bin/kubelet"}) {
    INFO(path);
    nlohmann::json record = FileRecord(members, path);
    REQUIRE(record.is_object());
    CHECK(record["status"] == "ok");
    CHECK(record["content"].is_null());
  }
  CHECK(FileRecord(members, "/opt/azure/containers/kubelet.sh")["mode"] == "0744");
}

}  // namespace
}  // namespace kubeproof
