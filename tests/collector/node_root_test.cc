#include "collector/node_root.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST_CASE("node paths are normalised lexically and never climb above the root", "[collector][root]") {
  CHECK(NormalizeNodePath("/etc//kubernetes/./pki/") == "/etc/kubernetes/pki");
  CHECK(NormalizeNodePath("/../../etc/passwd") == "/etc/passwd");
  CHECK(NormalizeNodePath("relative/x") == "/relative/x");
  CHECK(NormalizeNodePath("/") == "/");
}

TEST_CASE("a symlink escaping the root with .. resolves inside the root", "[collector][root]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  WriteFile(dir.path(), "outside/secret", "KUBEPROOF-CANARY-OUTSIDE-1");
  WriteFile(root, "etc/placeholder", "");
  REQUIRE(symlink("../../../outside/secret", (root + "/etc/escape").c_str()) == 0);
  Result<NodeRoot> node = NodeRoot::Open(root);
  REQUIRE(node.ok());
  FileRead read = node->ReadFile("/etc/escape", 4096);
  CHECK(read.outcome == FileRead::Outcome::kAbsent);
  CHECK(read.content.empty());
}

TEST_CASE("an absolute symlink target is re-rooted, not taken from the host", "[collector][root]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/kubernetes/real.conf", "inside");
  REQUIRE(symlink("/etc/kubernetes/real.conf", (dir.path() + "/etc/link.conf").c_str()) == 0);
  // Also point at a host file that does not exist in the tree.
  REQUIRE(symlink("/etc/shadow", (dir.path() + "/etc/shadow-link").c_str()) == 0);
  Result<NodeRoot> node = NodeRoot::Open(dir.path());
  REQUIRE(node.ok());
  FileRead read = node->ReadFile("/etc/link.conf", 4096);
  REQUIRE(read.outcome == FileRead::Outcome::kOk);
  CHECK(read.content == "inside");
  PathInfo info = node->Stat("/etc/link.conf", /*follow=*/true);
  CHECK(info.resolved_path == "/etc/kubernetes/real.conf");
  PathInfo link = node->Stat("/etc/link.conf", /*follow=*/false);
  CHECK(S_ISLNK(link.st.st_mode));
  CHECK(link.link_target == "/etc/kubernetes/real.conf");
  CHECK(node->ReadFile("/etc/shadow-link", 4096).outcome == FileRead::Outcome::kAbsent);
}

TEST_CASE("a symlink loop ends with ELOOP instead of hanging", "[collector][root]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/x", "");
  REQUIRE(symlink("b", (dir.path() + "/etc/a").c_str()) == 0);
  REQUIRE(symlink("a", (dir.path() + "/etc/b").c_str()) == 0);
  Result<NodeRoot> node = NodeRoot::Open(dir.path());
  REQUIRE(node.ok());
  PathInfo info = node->Stat("/etc/a", /*follow=*/true);
  CHECK(info.outcome == PathInfo::Outcome::kError);
  CHECK(info.error_number == ELOOP);
  CHECK(node->ReadFile("/etc/a", 4096).outcome == FileRead::Outcome::kError);
}

TEST_CASE("a FIFO is reported as not regular and never opened", "[collector][root]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/x", "");
  REQUIRE(mkfifo((dir.path() + "/etc/fifo").c_str(), 0600) == 0);
  Result<NodeRoot> node = NodeRoot::Open(dir.path());
  REQUIRE(node.ok());
  // Opening a FIFO for reading without O_NONBLOCK would block this test forever.
  CHECK(node->ReadFile("/etc/fifo", 4096).outcome == FileRead::Outcome::kNotRegular);
}

TEST_CASE("a file over the per-file cap is too large and not read", "[collector][root]") {
  TempDir dir;
  WriteFile(dir.path(), "big", std::string(5000, 'x'));
  Result<NodeRoot> node = NodeRoot::Open(dir.path());
  REQUIRE(node.ok());
  FileRead read = node->ReadFile("/big", 4096);
  CHECK(read.outcome == FileRead::Outcome::kTooLarge);
  CHECK(read.content.empty());
  CHECK(node->ReadFile("/big", 5000).outcome == FileRead::Outcome::kOk);
}

TEST_CASE("directory listings are sorted and follow in-root symlinks", "[collector][root]") {
  TempDir dir;
  WriteFile(dir.path(), "real/b", "");
  WriteFile(dir.path(), "real/a", "");
  REQUIRE(symlink("/real", (dir.path() + "/alias").c_str()) == 0);
  Result<NodeRoot> node = NodeRoot::Open(dir.path());
  REQUIRE(node.ok());
  Result<std::vector<std::string>> names = node->ListDirectory("/alias");
  REQUIRE(names.ok());
  CHECK(*names == std::vector<std::string>{"a", "b"});
}

TEST_CASE("opening a missing root fails", "[collector][root]") {
  CHECK_FALSE(NodeRoot::Open("/nonexistent/kubeproof/root").ok());
}

}  // namespace
}  // namespace kubeproof
