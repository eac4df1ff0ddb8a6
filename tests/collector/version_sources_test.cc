// Kubernetes versions from what a node has installed: the dpkg database, the dnf and yum logs,
// RKE2's release directories and the EKS AMI's saved kubelet --version. Parsed on the node,
// hostile inputs included; nothing of the files but their versions may reach a bundle.
#include "collector/version_sources.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "collector/collector.h"
#include "collector/dpkg_status.h"
#include "collector/kubernetes_versions.h"
#include "collector/release_names.h"
#include "collector/rpm_history.h"
#include "collector/text_lines.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::AnyMemberContains;
using testing::FileRecord;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;

// "package=version" for each package a reader took, in its order.
template <typename Packages>
std::vector<std::string> Taken(const Packages& packages) {
  std::vector<std::string> out;
  for (const InstalledPackage& p : packages) out.push_back(p.package + "=" + p.version);
  return out;
}

DpkgStatusReader ReadDpkg(const std::string& text) {
  DpkgStatusReader reader;
  FeedLines(text, reader);
  reader.Finish();
  return reader;
}

std::string Stanza(const std::string& package, const std::string& status,
                   const std::string& version) {
  return "Package: " + package + "\nStatus: " + status + "\nPriority: optional\nSection: admin\n" +
         "Architecture: amd64\nVersion: " + version + "\nDescription: " + package +
         "\n a longer text\n .\n more\n\n";
}

TEST_CASE("a version string is what packages and image tags spell, nothing else",
          "[collector][versions]") {
  for (const char* good : {"1.33.1-1.1", "v1.33.1-rke2r1", "1.20.4-00", "1:1.29.3-150500.1.1",
                           "1.33.1~rke2r1-0.el9", "v1.29.3-eks-ae9a62a", "1.32.4+k3s1"}) {
    CAPTURE(good);
    CHECK(IsVersionString(good));
  }
  for (const char* bad : {"", "v", "vx1", "latest", "1.33 1", "1.33$(id)", "1.33;rm", "1.33\n",
                          "1.33/../x", "1.33@sha256", "-1.33",
                          "\x01"
                          "1.2"}) {
    CAPTURE(bad);
    CHECK_FALSE(IsVersionString(bad));
  }
  CHECK(IsVersionString(std::string(64, '1')));
  CHECK_FALSE(IsVersionString(std::string(65, '1')));
}

TEST_CASE("dpkg: installed Kubernetes packages are taken, held ones too, others ignored",
          "[collector][versions]") {
  DpkgStatusReader r = ReadDpkg(Stanza("libc6", "install ok installed", "2.36-9") +
                                Stanza("kubelet", "hold ok installed", "1.33.1-1.1") +
                                Stanza("kubeadm", "install ok installed", "1.33.1-1.1") +
                                Stanza("kubectl", "install ok installed", "1.32.4-1.1") +
                                Stanza("kubernetes-cni", "install ok installed", "1.6.0-1.1") +
                                Stanza("cri-tools", "install ok installed", "1.33.0-1.1"));
  CHECK(Taken(r.installed()) ==
        std::vector<std::string>{"kubelet=1.33.1-1.1", "kubeadm=1.33.1-1.1", "kubectl=1.32.4-1.1"});
  CHECK(r.installed()[0].detail == "Status hold ok installed");
  CHECK(r.problems().empty());
}

TEST_CASE("dpkg: half-installed, unpacked, removed and broken packages are not taken",
          "[collector][versions]") {
  DpkgStatusReader r =
      ReadDpkg(Stanza("kubelet", "deinstall ok config-files", "1.31.0-1.1") +
               Stanza("kubeadm", "install ok half-installed", "1.33.1-1.1") +
               Stanza("kubectl", "install reinstreq half-installed", "1.33.1-1.1") +
               Stanza("k3s", "install ok unpacked", "1.32.4+k3s1") +
               Stanza("rke2-common", "purge ok not-installed", "1.33.1") +
               Stanza("kubelet", "install ok half-configured", "1.33.1-1.1") +
               Stanza("kubelet", "install ok installed extra", "1.33.1-1.1") +
               Stanza("kubelet", "want ok installed", "1.33.1-1.1") +
               "Package: kubelet\nVersion: 1.30.0-1.1\n\n");  // no Status at all
  CHECK(r.installed().empty());
  CHECK(r.problems().empty());
}

TEST_CASE("dpkg: a Version line with garbage is refused and not echoed", "[collector][versions]") {
  DpkgStatusReader r =
      ReadDpkg(Stanza("kubelet", "install ok installed", "1.33.1 $(curl KUBEPROOF-CANARY-DPKG)") +
               Stanza("kubeadm", "install ok installed", "") +
               Stanza("kubectl", "install ok installed", std::string(200, '9')));
  CHECK(r.installed().empty());
  REQUIRE(r.problems().size() == 3);
  CHECK(r.problems()[0] == "package kubelet: Version is not a version string, not taken");
  for (const std::string& p : r.problems()) CHECK(p.find("CANARY") == std::string::npos);
}

TEST_CASE("dpkg: malformed stanzas are not taken; fields in any order and case are",
          "[collector][versions]") {
  DpkgStatusReader r = ReadDpkg(
      // Version twice: dpkg never writes that.
      "Package: kubelet\nStatus: install ok installed\nVersion: 1.33.1-1.1\nVersion: 1.20.0-00\n\n"
      // A line that is no field.
      "Package: kubeadm\nStatus: install ok installed\nthis is not a field\nVersion: 1.33.1-1.1\n\n"
      // A continuation before any field.
      " Version: 1.0.0\nPackage: kubectl\nStatus: install ok installed\nVersion: 1.33.1-1.1\n\n"
      // Version first, lower-case names, blank-only separator line with spaces and tabs.
      "version: 1.32.4-1.1\nstatus:  hold   ok  installed \npackage: kubelet\n \t\n");
  CHECK(Taken(r.installed()) == std::vector<std::string>{"kubelet=1.32.4-1.1"});
  CHECK(r.installed()[0].detail == "Status hold ok installed");
  CHECK(r.problems() == std::vector<std::string>{"package kubelet: malformed stanza, not taken",
                                                 "package kubeadm: malformed stanza, not taken",
                                                 "package kubectl: malformed stanza, not taken"});
}

TEST_CASE("dpkg: a Version inside a description's continuation is not the package's",
          "[collector][versions]") {
  DpkgStatusReader r = ReadDpkg(
      "Package: kubelet\nStatus: install ok installed\nDescription: node agent\n"
      " Version: 9.9.9\nVersion: 1.29.3-1.1\n");  // and no blank line at the end
  CHECK(Taken(r.installed()) == std::vector<std::string>{"kubelet=1.29.3-1.1"});
}

TEST_CASE("dpkg: CRLF line ends and overlong lines", "[collector][versions]") {
  std::string crlf =
      "Package: kubelet\r\nStatus: install ok installed\r\nVersion: 1.33.1-1.1\r\n\r\n"
      "Package: kubeadm\r\nStatus: install ok installed\r\nVersion: 1.33.1-1.1\r\n";
  CHECK(Taken(ReadDpkg(crlf).installed()) ==
        std::vector<std::string>{"kubelet=1.33.1-1.1", "kubeadm=1.33.1-1.1"});

  // A Version line past the line cap is skipped whole, never taken cut.
  DpkgStatusReader reader;
  LineSplitter splitter(reader, 64);
  splitter.Feed("Package: kubelet\nStatus: install ok installed\nVersion: 1.33.1" +
                std::string(100, '1') + "\n");
  splitter.Finish();
  reader.Finish();
  CHECK(splitter.overlong_lines() == 1);
  CHECK(reader.installed().empty());
}

TEST_CASE("lines split across chunks are whole again, and a chunk of one byte at a time works",
          "[collector][versions]") {
  std::string text = Stanza("kubelet", "install ok installed", "1.31.2-1.1");
  DpkgStatusReader reader;
  LineSplitter splitter(reader, 1024);
  for (char c : text) splitter.Feed(std::string_view(&c, 1));
  splitter.Finish();
  reader.Finish();
  CHECK(Taken(reader.installed()) == std::vector<std::string>{"kubelet=1.31.2-1.1"});
}

RpmHistoryReader ReadRpm(const std::string& text,
                         const std::string& file = "/var/log/dnf.rpm.log") {
  RpmHistoryReader reader;
  reader.SetFile(file);
  FeedLines(text, reader);
  return reader;
}

TEST_CASE("dnf log: the newest install or upgrade wins, an erase removes",
          "[collector][versions]") {
  RpmHistoryReader r = ReadRpm(
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.28.5-150500.1.1.x86_64\n"
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubeadm-1.28.5-150500.1.1.x86_64\n"
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubectl-1.28.5-150500.1.1.x86_64\n"
      "2024-01-10T09:00:01+0000 INFO warning: /etc/foo created as /etc/foo.rpmnew\n"
      "2024-03-20T10:11:12+0000 SUBDEBUG Upgrade: kubelet-1.29.3-150500.1.1.x86_64\n"
      "2024-03-20T10:11:13+0000 SUBDEBUG Upgraded: kubelet-1.28.5-150500.1.1.x86_64\n"
      "2024-03-20T10:11:14+0000 SUBDEBUG Erase: kubectl-1.28.5-150500.1.1.x86_64\n"
      "2024-03-20T10:11:15+0000 SUBDEBUG Installed: containerd.io-1.6.28-3.1.el9.x86_64\n");
  CHECK(Taken(r.Installed()) ==
        std::vector<std::string>{"kubeadm=1.28.5-150500.1.1", "kubelet=1.29.3-150500.1.1"});
  CHECK(r.Installed()[1].detail ==
        "Upgrade kubelet-1.29.3-150500.1.1.x86_64 in /var/log/dnf.rpm.log");
}

TEST_CASE("dnf log: a downgrade and a reinstall leave what they installed",
          "[collector][versions]") {
  RpmHistoryReader r = ReadRpm(
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.30.1-150500.1.1.x86_64\n"
      "2024-01-11T09:00:00+0000 SUBDEBUG Downgrade: kubelet-1.29.9-150500.1.1.x86_64\n"
      "2024-01-11T09:00:01+0000 SUBDEBUG Downgraded: kubelet-1.30.1-150500.1.1.x86_64\n"
      "2024-01-12T09:00:00+0000 SUBDEBUG Reinstall: kubelet-1.29.9-150500.1.1.x86_64\n"
      "2024-01-12T09:00:01+0000 SUBDEBUG Reinstalled: kubelet-1.29.9-150500.1.1.x86_64\n");
  CHECK(Taken(r.Installed()) == std::vector<std::string>{"kubelet=1.29.9-150500.1.1"});
}

TEST_CASE("yum log: Installed, Updated, Erased by name, epochs and distribution packages",
          "[collector][versions]") {
  RpmHistoryReader r = ReadRpm(
      "Mar 01 10:00:00 Installed: kubelet-1.20.4-0.x86_64\n"
      "Mar 01 10:00:01 Installed: 1:kubeadm-1.20.4-0.x86_64\n"
      "Mar 01 10:00:02 Installed: kubectl-1.20.4-0.x86_64\n"
      "Mar 01 10:00:03 Installed: rke2-common-1.33.1-0.el7.x86_64\n"
      "Mar 01 10:00:04 Installed: rke2-selinux-0.18-1.el7.noarch\n"
      "Jun 12 08:30:00 Updated: kubelet-1.20.5-0.x86_64\n"
      "Jun 12 08:30:01 Erased: kubectl\n",
      "/var/log/yum.log");
  CHECK(Taken(r.Installed()) == std::vector<std::string>{"kubeadm=1:1.20.4-0", "kubelet=1.20.5-0",
                                                         "rke2-common=1.33.1-0.el7"});
  CHECK(r.problems().empty());
}

TEST_CASE("rpm logs: lines of another shape and garbage versions are not taken",
          "[collector][versions]") {
  RpmHistoryReader r = ReadRpm(
      // A scriptlet's output at INFO level saying what it likes.
      "2024-01-10T09:00:00+0000 INFO Installed: kubelet-9.9.9-1.x86_64\n"
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-9.9.9-1.x86_64 and more\n"
      "Installed: kubelet-9.9.9-1.x86_64\n"
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.2$(id)-1.x86_64\n"
      "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet\n"
      "\x01\x02\xff garbage bytes\n");
  CHECK(r.Installed().empty());
  CHECK(r.problems().size() == 2);
}

TEST_CASE("RKE2 runtime directory names and a saved kubelet --version", "[collector][versions]") {
  CHECK(Rke2RuntimeVersion("v1.33.1-rke2r1-0123456789ab") == "v1.33.1-rke2r1");
  CHECK(Rke2RuntimeVersion("v1.24.4-rke2r1-abcdefabcdef") == "v1.24.4-rke2r1");
  CHECK_FALSE(Rke2RuntimeVersion(
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));  // by digest
  CHECK_FALSE(Rke2RuntimeVersion("v1.33.1-rke2r1-0123456789AB"));
  CHECK_FALSE(Rke2RuntimeVersion("v1.33.1-rke2r1"));
  CHECK_FALSE(Rke2RuntimeVersion("v1.33.1-rke2r1_0123456789ab"));
  CHECK_FALSE(Rke2RuntimeVersion("current"));
  CHECK_FALSE(Rke2RuntimeVersion(".lock"));
  CHECK(KubeletVersionOutput("Kubernetes v1.31.0-eks-a737599\n") == "v1.31.0-eks-a737599");
  CHECK(KubeletVersionOutput("Kubernetes v1.29.3-eks-ae9a62a\r\n") == "v1.29.3-eks-ae9a62a");
  CHECK_FALSE(KubeletVersionOutput("v1.31.0\n"));
  CHECK_FALSE(KubeletVersionOutput("Kubernetes v1.31.0 extra\n"));
  CHECK_FALSE(KubeletVersionOutput(""));
}

TEST_CASE("a running program's directory named by its release gives its version (minikube)",
          "[collector][versions]") {
  auto seen = VersionFromProgramPath("kubelet", "/var/lib/minikube/binaries/v1.25.3/kubelet", 1093);
  REQUIRE(seen);
  CHECK(seen->version == "v1.25.3");
  CHECK(seen->source ==
        "directory of the running program /var/lib/minikube/binaries/v1.25.3/kubelet (pid 1093)");
  CHECK_FALSE(VersionFromProgramPath("kubelet", "/usr/bin/kubelet", 1));
  CHECK_FALSE(VersionFromProgramPath("kubelet", "kubelet", 1));
  CHECK_FALSE(VersionFromProgramPath("kubelet", "/opt/v2.1/kubelet", 1));
  CHECK_FALSE(VersionFromProgramPath("kubelet", "/opt/1.25.3/kubelet", 1));
  // A path processes.json would redact is never named.
  CHECK_FALSE(VersionFromProgramPath("kubelet", "/opt/v1.25.3 x/kubelet", 1));
  CHECK_FALSE(VersionFromProgramPath("kubelet", "/opt/v1.25.3/kube let", 1));
}

CollectOptions OptionsFor(const std::string& root) {
  CollectOptions options;
  options.root = root;
  return options;
}

struct Collected {
  std::map<std::string, std::string> members;
  nlohmann::json manifest;
};

Collected CollectRoot(const std::string& root) {
  std::filesystem::create_directories(root + "/proc");
  Result<CollectedBundle> bundle = Collect(OptionsFor(root));
  REQUIRE(bundle.ok());
  Collected c;
  c.members = UnpackBundle(bundle->bytes);
  c.manifest = nlohmann::json::parse(c.members.at("manifest.json"));
  return c;
}

// "component version | source" for every kubernetes_versions entry.
std::vector<std::string> Versions(const Collected& c) {
  std::vector<std::string> out;
  for (const auto& v : c.manifest["kubernetes_versions"]) {
    out.push_back(v["component"].get<std::string>() + " " + v["version"].get<std::string>() +
                  " | " + v["source"].get<std::string>());
  }
  return out;
}

std::vector<std::string> ProblemsAt(const Collected& c, const std::string& path) {
  std::vector<std::string> out;
  for (const auto& p : c.manifest["problems"]) {
    if (p["path"] == path) out.push_back(p["problem"]);
  }
  return out;
}

TEST_CASE("a Debian node's package versions reach the manifest, nothing else of the database",
          "[collector][versions]") {
  TempDir dir;
  WriteFile(dir.path(), "var/lib/dpkg/status",
            Stanza("openssh-server", "install ok installed", "1:9.2p1-2") +
                "Package: kubelet\nStatus: hold ok installed\nVersion: 1.32.4-1.1\n"
                "Description: KUBEPROOF-CANARY-DPKG-DESCRIPTION\n\n" +
                Stanza("kubeadm", "install ok installed", "1.33.1-1.1"));
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c) ==
        std::vector<std::string>{"kubeadm 1.33.1-1.1 | Version of package kubeadm (Status install "
                                 "ok installed) in /var/lib/dpkg/status",
                                 "kubelet 1.32.4-1.1 | Version of package kubelet (Status hold ok "
                                 "installed) in /var/lib/dpkg/status"});
  nlohmann::json record = FileRecord(c.members, "/var/lib/dpkg/status");
  REQUIRE(record.is_object());
  CHECK(record["status"] == "ok");
  CHECK(record["content"].is_null());
  CHECK(record["why"][0] == "Debian package database: Kubernetes package versions");
  CHECK(c.members.count("files/var/lib/dpkg/status") == 0);
  CHECK_FALSE(AnyMemberContains(c.members, "KUBEPROOF-CANARY"));
  CHECK_FALSE(AnyMemberContains(c.members, "openssh"));
  bool skipped = false;
  for (const auto& s : c.manifest["skipped"]) {
    skipped = skipped || (s["path"] == "/var/lib/dpkg/status" &&
                          s["reason"] == "read for Kubernetes versions only: not copied");
  }
  CHECK(skipped);
  // Absent sources are recorded as examined and absent; rotated logs only beside a log.
  CHECK(FileRecord(c.members, "/var/log/dnf.rpm.log")["status"] == "absent");
  CHECK(FileRecord(c.members, "/var/log/dnf.rpm.log.1").is_null());
}

TEST_CASE("a dnf log is replayed with its rotated copies, oldest first", "[collector][versions]") {
  TempDir dir;
  WriteFile(dir.path(), "var/log/dnf.rpm.log.2",
            "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.28.5-150500.1.1.x86_64\n"
            "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubectl-1.28.5-150500.1.1.x86_64\n",
            0600);
  WriteFile(dir.path(), "var/log/dnf.rpm.log.1",
            "2024-03-20T10:11:12+0000 SUBDEBUG Upgrade: kubelet-1.29.3-150500.1.1.x86_64\n"
            "2024-03-20T10:11:13+0000 SUBDEBUG Upgraded: kubelet-1.28.5-150500.1.1.x86_64\n",
            0600);
  WriteFile(dir.path(), "var/log/dnf.rpm.log",
            "2024-05-02T08:00:00+0000 SUBDEBUG Erase: kubectl-1.28.5-150500.1.1.x86_64\n", 0600);
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c) == std::vector<std::string>{
                           "kubelet 1.29.3-150500.1.1 | package kubelet, last recorded as Upgrade "
                           "kubelet-1.29.3-150500.1.1.x86_64 in /var/log/dnf.rpm.log.1"});
  for (const char* path :
       {"/var/log/dnf.rpm.log", "/var/log/dnf.rpm.log.1", "/var/log/dnf.rpm.log.2"}) {
    CAPTURE(path);
    CHECK(FileRecord(c.members, path)["status"] == "ok");
  }
  CHECK(FileRecord(c.members, "/var/log/dnf.rpm.log.3").is_null());
  CHECK(c.members.count("files/var/log/dnf.rpm.log") == 0);
}

TEST_CASE("an EKS AL2023 node's saved kubelet --version is the kubelet's version",
          "[collector][versions]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/eks/kubelet-version.txt", "Kubernetes v1.31.0-eks-a737599\n");
  WriteFile(dir.path(), "etc/eks/release", "BASE_AMI_ID=\"ami-0123\"\nBUILD_TIME=\"x\"\n");
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c) == std::vector<std::string>{"kubelet v1.31.0-eks-a737599 | kubelet --version "
                                                "output saved in /etc/eks/kubelet-version.txt"});

  TempDir other;
  WriteFile(other.path(), "etc/eks/kubelet-version.txt", "KUBEPROOF-CANARY-EKS not a version\n");
  Collected bad = CollectRoot(other.path());
  CHECK(Versions(bad).empty());
  CHECK(ProblemsAt(bad, "/etc/eks/kubelet-version.txt") ==
        std::vector<std::string>{"does not hold a kubelet --version line: not taken"});
  CHECK_FALSE(AnyMemberContains(bad.members, "KUBEPROOF-CANARY"));
}

TEST_CASE("RKE2: the bin link names the running release, even beside older directories",
          "[collector][versions]") {
  TempDir dir;
  const std::string data = dir.path() + "/var/lib/rancher/rke2/data";
  std::filesystem::create_directories(data + "/v1.32.5-rke2r1-aaaaaaaaaaaa/bin");
  std::filesystem::create_directories(data + "/v1.33.1-rke2r1-0123456789ab/bin");
  std::filesystem::create_symlink("/var/lib/rancher/rke2/data/v1.33.1-rke2r1-0123456789ab/bin",
                                  dir.path() + "/var/lib/rancher/rke2/bin");
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c) ==
        std::vector<std::string>{
            "kubelet v1.33.1-rke2r1 | RKE2 runtime directory v1.33.1-rke2r1-0123456789ab, "
            "the target of /var/lib/rancher/rke2/bin"});
  CHECK(FileRecord(c.members, "/var/lib/rancher/rke2/bin")["type"] == "symlink");
  CHECK(FileRecord(c.members, "/var/lib/rancher/rke2/data")["type"] == "dir");
  // The directory itself is the evidence: its entries are not walked.
  CHECK(FileRecord(c.members, "/var/lib/rancher/rke2/data/v1.32.5-rke2r1-aaaaaaaaaaaa").is_null());
}

TEST_CASE("RKE2 without the bin link: one release directory is taken, several are not",
          "[collector][versions]") {
  TempDir one;
  std::filesystem::create_directories(one.path() +
                                      "/var/lib/rancher/rke2/data/v1.33.1-rke2r1-0123456789ab/bin");
  std::filesystem::create_directories(one.path() + "/var/lib/rancher/rke2/data/.lock-dir");
  CHECK(Versions(CollectRoot(one.path())) ==
        std::vector<std::string>{
            "kubelet v1.33.1-rke2r1 | RKE2 runtime directory v1.33.1-rke2r1-0123456789ab, the only "
            "one in /var/lib/rancher/rke2/data"});

  TempDir two;
  std::filesystem::create_directories(two.path() +
                                      "/var/lib/rancher/rke2/data/v1.32.5-rke2r1-aaaaaaaaaaaa");
  std::filesystem::create_directories(two.path() +
                                      "/var/lib/rancher/rke2/data/v1.33.1-rke2r1-0123456789ab");
  Collected c = CollectRoot(two.path());
  CHECK(Versions(c).empty());
  CHECK(ProblemsAt(c, "/var/lib/rancher/rke2/data") ==
        std::vector<std::string>{"2 RKE2 releases and no bin link to say which runs: none taken"});

  // A runtime image pinned by digest names no release: nothing, and no fallback to old ones.
  TempDir digest;
  const std::string hex(64, 'c');
  std::filesystem::create_directories(digest.path() + "/var/lib/rancher/rke2/data/" + hex + "/bin");
  std::filesystem::create_directories(digest.path() +
                                      "/var/lib/rancher/rke2/data/v1.32.5-rke2r1-aaaaaaaaaaaa/bin");
  std::filesystem::create_symlink("/var/lib/rancher/rke2/data/" + hex + "/bin",
                                  digest.path() + "/var/lib/rancher/rke2/bin");
  CHECK(Versions(CollectRoot(digest.path())).empty());
}

TEST_CASE("a minikube kubelet's program path reaches the manifest", "[collector][versions]") {
  TempDir dir;
  testing::WriteProcess(
      dir.path() + "/proc", 1093,
      {"/var/lib/minikube/binaries/v1.25.3/kubelet", "--config=/var/lib/kubelet/config.yaml"});
  CHECK(Versions(CollectRoot(dir.path())) ==
        std::vector<std::string>{"kubelet v1.25.3 | directory of the running program "
                                 "/var/lib/minikube/binaries/v1.25.3/kubelet (pid 1093)"});
}

TEST_CASE("k3s's data directory is named by a hash: it gives no version", "[collector][versions]") {
  TempDir dir;
  const std::string hash(64, 'e');
  std::filesystem::create_directories(dir.path() + "/var/lib/rancher/k3s/data/" + hash + "/bin");
  std::filesystem::create_symlink("/var/lib/rancher/k3s/data/" + hash,
                                  dir.path() + "/var/lib/rancher/k3s/data/current");
  CHECK(Versions(CollectRoot(dir.path())).empty());
}

TEST_CASE("a package database past the cap is not read, and says so", "[collector][versions]") {
  TempDir dir;
  WriteFile(dir.path(), "var/lib/dpkg/status",
            Stanza("kubelet", "install ok installed", "1.33.1-1.1"));
  // Sparse: its size is past the cap without writing 64 MiB.
  REQUIRE(truncate((dir.path() + "/var/lib/dpkg/status").c_str(),
                   static_cast<off_t>(kMaxVersionSourceBytes) + 1) == 0);
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c).empty());
  CHECK(FileRecord(c.members, "/var/lib/dpkg/status")["status"] == "too-large");
  CHECK(ProblemsAt(c, "/var/lib/dpkg/status") ==
        std::vector<std::string>{"not read for Kubernetes versions: larger than 64 MiB"});
}

TEST_CASE("a large package database is streamed, not held", "[collector][versions]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 30000; ++i)
    text += Stanza("lib-package-" + std::to_string(i), "install ok installed",
                   "1.0-" + std::to_string(i));
  text += Stanza("kubelet", "install ok installed", "1.30.2-1.1");
  REQUIRE(text.size() > (4u << 20));  // four times the default per-file cap of copied files
  WriteFile(dir.path(), "var/lib/dpkg/status", text);
  Collected c = CollectRoot(dir.path());
  CHECK(Versions(c) ==
        std::vector<std::string>{"kubelet 1.30.2-1.1 | Version of package kubelet (Status install "
                                 "ok installed) in /var/lib/dpkg/status"});
}

TEST_CASE("a version source that cannot be read is a problem and its record says why",
          "[collector][versions]") {
  // As root, modes do not stop a read: the collector then runs as uid 65534, as the CLI tests do.
  bool as_root = geteuid() == 0;
  TempDir dir;
  chmod(dir.path().c_str(), 0755);
  std::string root = dir.path() + "/root";
  WriteFile(root, "var/log/dnf.rpm.log",
            "2024-01-10T09:00:00+0000 SUBDEBUG Installed: kubelet-1.28.5-1.x86_64\n",
            as_root ? 0600 : 0000);
  std::filesystem::create_directories(root + "/proc");
  for (const char* d : {"", "/var", "/var/log", "/proc"}) chmod((root + d).c_str(), 0755);
  std::string out = dir.path() + "/out";
  std::filesystem::create_directories(out);
  chmod(out.c_str(), 0777);
  std::string run = as_root ? "setpriv --reuid=65534 --regid=65534 --clear-groups -- " : "";
  REQUIRE(testing::RunShell(run + testing::CollectorBinary() + " --root " + root + " -o " + out +
                            "/b.tar.gz 2>/dev/null") == 0);
  Collected c;
  c.members = UnpackBundle(testing::ReadWholeFile(out + "/b.tar.gz"));
  c.manifest = nlohmann::json::parse(c.members.at("manifest.json"));
  CHECK(Versions(c).empty());
  CHECK(FileRecord(c.members, "/var/log/dnf.rpm.log")["status"] == "denied");
  CHECK(FileRecord(c.members, "/var/log/dnf.rpm.log")["error"] == "Permission denied");
  CHECK(ProblemsAt(c, "/var/log/dnf.rpm.log") ==
        std::vector<std::string>{"not read for Kubernetes versions: Permission denied"});
}

TEST_CASE("every version source says why it is read and is never copied", "[collector][versions]") {
  REQUIRE_FALSE(VersionSources().empty());
  for (const VersionSource& source : VersionSources()) {
    CAPTURE(source.path);
    CHECK_FALSE(source.why.empty());
    CHECK(source.path.substr(0, 1) == "/");
  }
}

}  // namespace
}  // namespace kubeproof
