#include "tools/sample_nodes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace kubeproof::samples {
namespace {

namespace fs = std::filesystem;

// A directory under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string templ = (fs::temp_directory_path() / "kubeproof-samples-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The `- \`/path\`` lines under each `### cluster/node` heading of samples/README.md.
std::map<std::string, std::vector<std::string>> ReadmePromisedFiles() {
  std::istringstream readme(ReadFile(fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "README.md"));
  std::map<std::string, std::vector<std::string>> promised;
  std::string line, section;
  while (std::getline(readme, line)) {
    if (line.rfind("## ", 0) == 0) section.clear();
    if (line.rfind("### ", 0) == 0) {
      section = line.substr(4);
      promised[section];
    } else if (!section.empty() && line.rfind("- `/", 0) == 0 && line.back() == '`') {
      promised[section].push_back(line.substr(3, line.size() - 4));  // `/etc/x` -> /etc/x
    }
  }
  return promised;
}

bool Exists(const fs::path& path) { return fs::exists(fs::symlink_status(path)); }

const SampleNode& FindNode(const std::vector<SampleNode>& nodes, const std::string& name) {
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const SampleNode& n) {
    return n.cluster + "/" + n.node == name;
  });
  if (it == nodes.end()) throw std::runtime_error("no sample node " + name);
  return *it;
}

// Process ids with a proc/<pid>/ directory under the node root.
std::vector<std::string> ProcessIds(const SampleNode& node) {
  std::vector<std::string> pids;
  if (!fs::is_directory(node.source / "proc")) return pids;
  for (const auto& entry : fs::directory_iterator(node.source / "proc")) {
    std::string name = entry.path().filename().string();
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      pids.push_back(name);
    }
  }
  return pids;
}

std::vector<std::string> Argv(const fs::path& cmdline) {
  std::string raw = ReadFile(cmdline);
  std::vector<std::string> argv;
  std::size_t start = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\0') {
      argv.push_back(raw.substr(start, i - start));
      start = i + 1;
    }
  }
  return argv;
}

TEST_CASE("the sample nodes are the fifteen documented nodes in twelve clusters", "[samples]") {
  std::vector<std::string> names;
  for (const SampleNode& node : ListSampleNodes()) {
    names.push_back(node.cluster + "/" + node.node);
    CHECK(fs::is_directory(node.source));
  }
  CHECK(names == std::vector<std::string>{"aks-payments/aks-nodepool1-12345678-vmss000000",
                                          "aks-style/aks-nodepool1-0", "aks-style/aks-nodepool1-1",
                                          "eks-prod/ip-10-42-3-17",
                                          "eks-style/ip-10-0-1-11", "eks-style/ip-10-0-1-12",
                                          "gke-analytics/gke-analytics-default-pool-5f2a9c1e-x7kq",
                                          "k3s/server-1", "k3s-132/server-1",
                                          "kubeadm-132/worker-1", "kubeadm-133/cp-1",
                                          "managed-cp/cp-hidden", "rke2/server-1",
                                          "self-managed/cp-1", "self-managed/worker-1"});
}

TEST_CASE("every path in a sample's attrs file exists in its tree and is not a symlink",
          "[samples]") {
  for (const SampleNode& node : ListSampleNodes()) {
    INFO(node.cluster + "/" + node.node);
    std::vector<SampleAttribute> attributes = ReadSampleAttributes(node);
    CHECK_FALSE(attributes.empty());
    for (const SampleAttribute& attribute : attributes) {
      INFO(attribute.path);
      fs::file_status status = fs::symlink_status(node.source / attribute.path);
      CHECK(fs::exists(status));
      CHECK_FALSE(fs::is_symlink(status));
      CHECK((attribute.mode & ~07777u) == 0);
    }
  }
}

TEST_CASE("staging a sample node applies the modes and owners of its attrs file", "[samples]") {
  ScratchDir scratch;
  const bool as_root = ::geteuid() == 0;
  for (const SampleNode& node : ListSampleNodes()) {
    INFO(node.cluster + "/" + node.node);
    fs::path root = StageSampleNode(node, scratch.path());
    CHECK(root == scratch.path() / node.cluster / node.node);
    for (const SampleAttribute& attribute : ReadSampleAttributes(node)) {
      INFO(attribute.path);
      struct stat st {};
      REQUIRE(::lstat((root / attribute.path).c_str(), &st) == 0);
      CHECK((st.st_mode & 07777) == attribute.mode);
      if (as_root) {
        CHECK(st.st_uid == attribute.uid);
        CHECK(st.st_gid == attribute.gid);
      }
    }
  }

  // Spot checks against values the README promises.
  fs::path cp1 = scratch.path() / "self-managed" / "cp-1";
  struct stat st {};
  REQUIRE(::stat((cp1 / "var/lib/etcd").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  if (as_root) CHECK(st.st_uid == 998);
  REQUIRE(::stat((cp1 / "etc/kubernetes/pki/front-proxy-client.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  REQUIRE(::stat((cp1 / "etc/kubernetes/pki/ca.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  // Unlisted paths get the documented defaults.
  REQUIRE(::stat((cp1 / "etc/hostname").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  REQUIRE(::stat((cp1 / "etc/kubernetes/pki").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);
  if (as_root) CHECK(st.st_uid == 0);
  // Symlinks stay symlinks with their absolute target.
  fs::path link = cp1 / "var/lib/kubelet/pki/kubelet-client-current.pem";
  REQUIRE(fs::is_symlink(fs::symlink_status(link)));
  CHECK(fs::read_symlink(link) == "/var/lib/kubelet/pki/kubelet-client-2021-03-01-09-15-02.pem");
}

TEST_CASE("staging a sample node twice into the same directory replaces the first copy",
          "[samples]") {
  ScratchDir scratch;
  const std::vector<SampleNode> nodes = ListSampleNodes();
  const SampleNode& node = FindNode(nodes, "self-managed/worker-1");
  fs::path root = StageSampleNode(node, scratch.path());
  std::ofstream(root / "stray-file") << "left over";
  StageSampleNode(node, scratch.path());
  CHECK_FALSE(Exists(root / "stray-file"));
  CHECK(Exists(root / "var/lib/kubelet/config.yaml"));
}

TEST_CASE("every sample node has the files its README entry promises", "[samples]") {
  std::map<std::string, std::vector<std::string>> promised = ReadmePromisedFiles();
  std::vector<SampleNode> nodes = ListSampleNodes();
  for (const SampleNode& node : nodes) {
    std::string name = node.cluster + "/" + node.node;
    INFO(name);
    REQUIRE(promised.count(name) == 1);
    CHECK_FALSE(promised[name].empty());
    for (const std::string& path : promised[name]) {
      INFO(path);
      CHECK(Exists(node.source / path.substr(1)));
    }
  }
  CHECK(promised.size() == nodes.size());
}

TEST_CASE("sample processes have a NUL-terminated command line, a start time and a uid",
          "[samples]") {
  for (const SampleNode& node : ListSampleNodes()) {
    for (const std::string& pid : ProcessIds(node)) {
      fs::path dir = node.source / "proc" / pid;
      INFO(dir.string());
      std::string cmdline = ReadFile(dir / "cmdline");
      REQUIRE_FALSE(cmdline.empty());
      CHECK(cmdline.back() == '\0');

      std::string stat = ReadFile(dir / "stat");
      CHECK(stat.rfind(pid + " (", 0) == 0);
      std::istringstream after_comm(stat.substr(stat.rfind(')') + 2));
      std::vector<std::string> fields{pid, "comm"};
      for (std::string field; after_comm >> field;) fields.push_back(field);
      REQUIRE(fields.size() >= 22);
      CHECK(std::stoll(fields[21]) > 0);  // field 22: start time in clock ticks

      std::string status = ReadFile(dir / "status");
      CHECK(status.find("\nUid:\t") != std::string::npos);
      CHECK(status.find("\nPid:\t" + pid + "\n") != std::string::npos);
    }
  }
}

TEST_CASE("sample nodes show the processes their scenario needs", "[samples]") {
  std::vector<SampleNode> nodes = ListSampleNodes();
  auto programs = [](const SampleNode& node) {
    std::vector<std::string> names;
    for (const std::string& pid : ProcessIds(node)) {
      std::vector<std::string> argv = Argv(node.source / "proc" / pid / "cmdline");
      if (!argv.empty()) names.push_back(fs::path(argv[0]).filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  using Names = std::vector<std::string>;
  CHECK(programs(FindNode(nodes, "self-managed/cp-1")) ==
        Names{"containerd", "etcd", "init", "kube-apiserver", "kube-controller-manager",
              "kube-scheduler", "kubelet"});
  CHECK(programs(FindNode(nodes, "self-managed/worker-1")) ==
        Names{"containerd", "init", "kube-proxy", "kubelet"});
  CHECK(programs(FindNode(nodes, "eks-style/ip-10-0-1-11")) ==
        Names{"dockerd", "kube-proxy", "kubelet", "systemd"});
  CHECK(programs(FindNode(nodes, "aks-style/aks-nodepool1-0")) ==
        Names{"containerd", "init", "kube-proxy", "kubelet"});
  // The kubelet is declared but not running: only its unit and EnvironmentFile remain.
  CHECK(programs(FindNode(nodes, "aks-style/aks-nodepool1-1")) ==
        Names{"containerd", "init", "kube-proxy"});
  CHECK(ProcessIds(FindNode(nodes, "managed-cp/cp-hidden")).empty());
  CHECK(programs(FindNode(nodes, "k3s/server-1")) == Names{"containerd", "init", "k3s"});
  // The managed workers: the DaemonSets' processes start with a bare program name.
  CHECK(programs(FindNode(nodes, "eks-prod/ip-10-42-3-17")) ==
        Names{"aws-k8s-agent", "aws-vpc-cni", "containerd", "kube-proxy", "kubelet", "systemd"});
  CHECK(programs(FindNode(nodes, "aks-payments/aks-nodepool1-12345678-vmss000000")) ==
        Names{"containerd", "init", "kube-proxy", "kubelet"});
  CHECK(programs(FindNode(nodes, "gke-analytics/gke-analytics-default-pool-5f2a9c1e-x7kq")) ==
        Names{"containerd", "init", "kube-proxy", "kubelet"});

  // Each static pod's running command line is exactly its manifest's command.
  const SampleNode& cp1 = FindNode(nodes, "self-managed/cp-1");
  std::vector<std::string> argv = Argv(cp1.source / "proc/2236/cmdline");
  std::string manifest = ReadFile(cp1.source / "etc/kubernetes/manifests/kube-apiserver.yaml");
  for (const std::string& arg : argv) CHECK(manifest.find("    - " + arg + "\n") != std::string::npos);
}

TEST_CASE("sample canaries are distinct, well-formed and cover every kind of secret", "[samples]") {
  std::vector<std::string> canaries = SampleCanaries();
  REQUIRE(canaries.size() > 50);
  CHECK(std::is_sorted(canaries.begin(), canaries.end()));
  CHECK(std::adjacent_find(canaries.begin(), canaries.end()) == canaries.end());
  for (const std::string& canary : canaries) {
    INFO(canary);
    CHECK(canary.rfind("KUBEPROOF-CANARY-", 0) == 0);
    CHECK(canary.size() > 20);
  }
  auto has = [&](const std::string& canary) {
    return std::binary_search(canaries.begin(), canaries.end(), canary);
  };
  CHECK(has("KUBEPROOF-CANARY-cp1-admin-client-key-data"));                // kubeconfig
  CHECK(has("KUBEPROOF-CANARY-cp1-pki-ca-key"));                           // private key
  CHECK(has("KUBEPROOF-CANARY-cp1-encryption-aescbc-key1"));               // encryption secret
  CHECK(has("KUBEPROOF-CANARY-cp1-static-token-ci"));                      // token file
  CHECK(has("KUBEPROOF-CANARY-cp1-bootstrap-token"));                      // kubeadm config
  CHECK(has("KUBEPROOF-CANARY-cp1-apiserver-proxy-password"));             // static pod env
  CHECK(has("KUBEPROOF-CANARY-cp1-apiserver-environ-proxy-password"));     // /proc/*/environ
  CHECK(has("KUBEPROOF-CANARY-cp1-etcd-db-contents"));                     // etcd data
  CHECK(has("KUBEPROOF-CANARY-k3s-cmdline-token"));                        // argv value
  CHECK(has("KUBEPROOF-CANARY-aks-aks-nodepool1-0-azure-json-aad-client-secret"));
  CHECK(has("KUBEPROOF-CANARY-AZURE-CLIENT-SECRET-aks-payments-vmss000000"));
  CHECK(has("KUBEPROOF-CANARY-gke-analytics-x7kq-kube-proxy-token"));
}

}  // namespace
}  // namespace kubeproof::samples
