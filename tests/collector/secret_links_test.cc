// A file is as secret as the strictest name it has, and hostile shapes end in a note, never a crash.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>

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

constexpr const char* kToken = "K10kpcanary1301a::server:kpcanary1301b";

// A k3s server node: the token file, and the kubeconfig k3s writes for the admin.
void BuildK3sNode(const std::string& root) {
  WriteFile(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
  WriteFile(root, "etc/group", "root:x:0:\n");
  WriteFile(root, "var/lib/rancher/k3s/server/token", std::string(kToken) + "\n", 0600);
  WriteProcess(root + "/proc", 101, {"/usr/local/bin/k3s", "server", "--write-kubeconfig-mode=0600"});
}

std::map<std::string, std::string> CollectMembers(const std::string& root) {
  CollectOptions options;
  options.root = root;
  options.proc = root + "/proc";
  options.node_name = "links";
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  return UnpackBundle(bundle->bytes);
}

std::string SkipReason(const std::map<std::string, std::string>& members, const std::string& path) {
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  for (const auto& s : manifest["skipped"]) {
    if (s["path"] == path) return s["reason"].get<std::string>();
  }
  return "";
}

TEST_CASE("a symlink from a copied path to a secret file is stat only", "[collector][collect][links]") {
  TempDir dir;
  BuildK3sNode(dir.path());
  std::filesystem::create_directories(dir.path() + "/etc/rancher/k3s");
  std::filesystem::create_symlink("/var/lib/rancher/k3s/server/token", dir.path() + "/etc/rancher/k3s/k3s.yaml");
  auto members = CollectMembers(dir.path());
  CHECK_FALSE(AnyMemberContains(members, "kpcanary"));
  nlohmann::json link = FileRecord(members, "/etc/rancher/k3s/k3s.yaml");
  REQUIRE(link.is_object());
  CHECK(link["type"] == "symlink");
  nlohmann::json target = FileRecord(members, "/var/lib/rancher/k3s/server/token");
  REQUIRE(target.is_object());
  CHECK((target["content"].is_null() || target["content"]["member"].is_null()));
}

TEST_CASE("a hard link of a secret file at a copied path is stat only, whichever name comes first",
          "[collector][collect][links]") {
  for (const char* copied : {"etc/rancher/k3s/k3s.yaml", "etc/kubernetes/admin.conf"}) {
    CAPTURE(copied);
    TempDir dir;
    BuildK3sNode(dir.path());
    std::filesystem::create_directories(std::filesystem::path(dir.path() + "/" + copied).parent_path());
    REQUIRE(link((dir.path() + "/var/lib/rancher/k3s/server/token").c_str(), (dir.path() + "/" + copied).c_str()) == 0);
    auto members = CollectMembers(dir.path());
    CHECK_FALSE(AnyMemberContains(members, "kpcanary"));
    CHECK(members.count(std::string("files/") + copied) == 0);
    nlohmann::json record = FileRecord(members, std::string("/") + copied);
    REQUIRE(record.is_object());
    CHECK(record["content"]["member"].is_null());
    CHECK(SkipReason(members, std::string("/") + copied) == "another name of a secret file: stat only by policy");
  }
}

TEST_CASE("a link to a directory inside the PKI tree is recorded and not followed", "[collector][collect][links]") {
  TempDir dir;
  BuildK3sNode(dir.path());
  WriteFile(dir.path(), "etc/kubernetes/pki/ca.crt", "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n");
  WriteFile(dir.path(), "etc/kubernetes/manifests/kube-apiserver.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: [kube-apiserver, --anonymous-auth=false]\n");
  std::filesystem::create_symlink("..", dir.path() + "/etc/kubernetes/pki/up");
  auto members = CollectMembers(dir.path());
  CHECK(SkipReason(members, "/etc/kubernetes/pki/up") == "link to a directory inside a walked tree: not followed");
  // The manifest is read as a manifest, not as an unknown file of a PKI tree.
  nlohmann::json manifest = FileRecord(members, "/etc/kubernetes/manifests/kube-apiserver.yaml");
  REQUIRE(manifest.is_object());
  CHECK(manifest["content"]["profile"] == "pod-manifest");
  CHECK(FileRecord(members, "/etc/kubernetes/pki/up/pki/ca.crt").is_null());
}

TEST_CASE("JSON and YAML nested 100,000 deep are stat only with a note, not a crash", "[collector][collect][faults]") {
  TempDir dir;
  BuildK3sNode(dir.path());
  constexpr int kDepth = 100000;
  WriteFile(dir.path(), "etc/kubernetes/azure.json",
            "{\"aadClientSecret\": \"kpcanary1001a\", \"x\": " + std::string(kDepth, '[') + std::string(kDepth, ']') + "}");
  std::string yaml = "users:\n- user:\n    token: kpcanary1001b\n  x: ";
  for (int i = 0; i < kDepth; ++i) yaml += "{a: ";
  yaml += "1" + std::string(kDepth, '}') + "\n";
  WriteFile(dir.path(), "etc/kubernetes/admin.conf", yaml, 0600);
  auto members = CollectMembers(dir.path());
  CHECK_FALSE(AnyMemberContains(members, "kpcanary"));
  CHECK(SkipReason(members, "/etc/kubernetes/azure.json") == "not kept: nesting deeper than 64");
  CHECK(SkipReason(members, "/etc/kubernetes/admin.conf") == "not kept: nesting deeper than 64");
}

}  // namespace
}  // namespace kubeproof
