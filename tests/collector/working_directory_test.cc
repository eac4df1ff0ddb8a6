// A process's working directory: recorded in the bundle, and the base of its relative paths.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "collector/collector.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::FileRecord;
using testing::Processes;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;
using testing::WriteProcess;

TEST_CASE("a kubelet started with --config=config.yaml has its cwd recorded and the config collected there",
          "[collector][cwd]") {
  TempDir dir;
  WriteFile(dir.path(), "var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\nreadOnlyPort: 0\n");
  WriteFile(dir.path(), "var/lib/kubelet.conf", "apiVersion: v1\nkind: Config\n");
  WriteProcess(dir.path() + "/proc", 700, {"/usr/bin/kubelet", "--config=config.yaml", "--kubeconfig", "../kubelet.conf"});
  REQUIRE(symlink("/var/lib/kubelet", (dir.path() + "/proc/700/cwd").c_str()) == 0);
  CollectOptions options;
  options.root = dir.path();
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json processes = Processes(members);
  REQUIRE(processes.size() == 1);
  CHECK(processes[0]["cwd"] == "/var/lib/kubelet");
  nlohmann::json config = FileRecord(members, "/var/lib/kubelet/config.yaml");
  CHECK(config["status"] == "ok");
  CHECK(config["why"][0] == "kubelet --config");
  CHECK(FileRecord(members, "/var/lib/kubelet.conf")["why"][0] == "kubelet --kubeconfig");
  CHECK(FileRecord(members, "/config.yaml").is_null());
}

TEST_CASE("an unreadable cwd is recorded as null and its relative paths as a problem, not as paths under /",
          "[collector][cwd]") {
  TempDir dir;
  WriteProcess(dir.path() + "/proc", 701, {"/usr/bin/kubelet", "--config=config.yaml"});
  CollectOptions options;
  options.root = dir.path();
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json processes = Processes(members);
  REQUIRE(processes.size() == 1);
  REQUIRE(processes[0].contains("cwd"));
  CHECK(processes[0]["cwd"].is_null());
  CHECK(FileRecord(members, "/config.yaml").is_null());
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  bool noted = false;
  for (const auto& p : manifest["problems"]) {
    noted = noted || (p["path"] == "config.yaml" &&
                      p["problem"] == "kubelet --config: relative path and the working directory is unknown");
  }
  CHECK(noted);
}

TEST_CASE("a path flag holding credentials is noted redacted, never in the clear", "[collector][cwd][canary]") {
  TempDir dir;
  WriteProcess(dir.path() + "/proc", 702,
               {"/usr/bin/kube-apiserver", "--audit-log-path=https://auditor:CANARY-audit-secret@logs.example/x"});
  bool cwd_known = GENERATE(false, true);
  if (cwd_known) REQUIRE(symlink("/var/log", (dir.path() + "/proc/702/cwd").c_str()) == 0);
  CollectOptions options;
  options.root = dir.path();
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  for (const auto& [name, bytes] : UnpackBundle(bundle->bytes)) {
    INFO(name);
    CHECK(bytes.find("CANARY-audit-secret") == std::string::npos);
  }
  nlohmann::json manifest = nlohmann::json::parse(UnpackBundle(bundle->bytes).at("manifest.json"));
  bool noted = false;
  for (const auto& p : manifest["problems"]) {
    noted = noted || (p["path"] == "<redacted>" &&
                      p["problem"] == "kube-apiserver --audit-log-path: not a path (it holds credentials)");
  }
  CHECK(noted);
}

}  // namespace
}  // namespace kubeproof
