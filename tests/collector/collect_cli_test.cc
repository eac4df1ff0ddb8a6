#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include <catch2/catch.hpp>

#include "common/base64.h"
#include "common/key_files.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::AnyMemberContains;
using testing::CollectorBinary;
using testing::FileRecord;
using testing::ReadWholeFile;
using testing::RunShell;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;

constexpr const char* kAsNobody = "setpriv --reuid=65534 --regid=65534 --clear-groups -- ";

std::string Collector(const std::string& args) { return CollectorBinary() + " " + args; }

// A tree that every user may traverse, with the minimum a bundle needs.
void BuildOpenTree(const std::string& root) {
  chmod(root.c_str(), 0755);
  WriteFile(root, "etc/hostname", "cli-node\n");
  WriteFile(root, "proc/1/cmdline", std::string("/sbin/init\0", 11));
  for (const char* d : {"etc", "proc", "proc/1"}) chmod((root + "/" + d).c_str(), 0755);
}

TEST_CASE("the --help output documents the exit codes and --version prints the version", "[collector][cli]") {
  TempDir dir;
  REQUIRE(RunShell(Collector("--help > " + dir.path() + "/help.txt")) == 0);
  std::string help = ReadWholeFile(dir.path() + "/help.txt");
  CHECK(help.find("exit codes:") != std::string::npos);
  CHECK(help.find("3  the output could not be written") != std::string::npos);
  REQUIRE(RunShell(Collector("--version > " + dir.path() + "/version.txt")) == 0);
  CHECK(ReadWholeFile(dir.path() + "/version.txt") == std::string("kubeproof-collect ") + KUBEPROOF_VERSION + "\n");
}

TEST_CASE("an unknown flag is a one-line usage error naming it, exit 2", "[collector][cli]") {
  TempDir dir;
  CHECK(RunShell(Collector("--bogus -o x 2> " + dir.path() + "/err.txt")) == 2);
  std::string err = ReadWholeFile(dir.path() + "/err.txt");
  CHECK(err.find("--bogus") != std::string::npos);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK(RunShell(Collector("--root / 2>/dev/null")) == 2);  // no -o
  CHECK(RunShell(Collector("-o x --max-file-bytes ten 2>/dev/null")) == 2);
}

TEST_CASE("a missing root exits 4 and leaves no output file", "[collector][cli]") {
  TempDir dir;
  std::string out = dir.path() + "/b.tar.gz";
  CHECK(RunShell(Collector("--root /nonexistent/kubeproof -o " + out + " 2>/dev/null")) == 4);
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("a bundle file verifies with plain tar and sha256sum, and -o - streams the same members", "[collector][cli]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  std::string out = dir.path() + "/node.tar.gz";
  REQUIRE(RunShell(Collector("--root " + root + " --node-name n1 -o " + out + " 2>/dev/null")) == 0);
  CHECK(testing::VerifiesWithSha256sum(out));
  REQUIRE(RunShell(Collector("--root " + root + " --node-name n1 -o - > " + dir.path() + "/s.tar.gz 2>/dev/null")) == 0);
  auto from_file = UnpackBundle(ReadWholeFile(out));
  auto from_stdout = UnpackBundle(ReadWholeFile(dir.path() + "/s.tar.gz"));
  CHECK(from_file.at("evidence/files.json") == from_stdout.at("evidence/files.json"));
  // Only the bundle itself is left in the directory: no temp files.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 3);
}

TEST_CASE("--sign-key signs the bundle, which plain tar and sha256sum still check", "[collector][cli][signature]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  auto key = SigningKey::Generate();
  REQUIRE(key.ok());
  WriteFile(dir.path(), "node.key", FormatPrivateKeyPem(*key));
  const std::string key_path = dir.path() + "/node.key";
  ::chmod(key_path.c_str(), 0600);
  std::string out = dir.path() + "/node.tar.gz";
  REQUIRE(RunShell(Collector("--root " + root + " --sign-key " + key_path + " -o " + out + " 2>" + dir.path() + "/log")) == 0);
  CHECK_THAT(ReadWholeFile(dir.path() + "/log"), Catch::Contains(", signed by " + Fingerprint(key->public_key())));
  CHECK(testing::VerifiesWithSha256sum(out));
  REQUIRE(RunShell("tar -tzf " + out + " | head -3 > " + dir.path() + "/order") == 0);
  CHECK(ReadWholeFile(dir.path() + "/order") == "SHA256SUMS\nSHA256SUMS.sig\nmanifest.json\n");
  auto members = UnpackBundle(ReadWholeFile(out));
  auto manifest = nlohmann::json::parse(members.at("manifest.json"));
  CHECK(manifest["signed_by"] == Fingerprint(key->public_key()));
  auto signature = nlohmann::json::parse(members.at("SHA256SUMS.sig"));
  auto raw = Base64Decode(signature["signature"].get<std::string>());
  REQUIRE(raw.has_value());
  CHECK(VerifySignature(key->public_key(), "kubeproof bundle signature v1\n" + members.at("SHA256SUMS"), *raw));
  CHECK_FALSE(AnyMemberContains(members, FormatPrivateKeyPem(*key).substr(28, 40)));
}

TEST_CASE("a signing key others can read exits 5 before collecting, and writes nothing", "[collector][cli][signature]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  WriteFile(dir.path(), "node.key", FormatPrivateKeyPem(*SigningKey::Generate()));
  const std::string key_path = dir.path() + "/node.key";
  ::chmod(key_path.c_str(), 0644);
  std::string out = dir.path() + "/node.tar.gz";
  CHECK(RunShell(Collector("--root " + root + " --sign-key " + key_path + " -o " + out + " 2>" + dir.path() + "/log")) == 5);
  CHECK_THAT(ReadWholeFile(dir.path() + "/log"), Catch::Contains("chmod 600"));
  CHECK_FALSE(std::filesystem::exists(out));
  WriteFile(dir.path(), "node.key",
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAiwQgjsU/DZ8vT1qOlH5SfHfzZVWMrZdJPxPAY3OmChU=\n-----END PUBLIC KEY-----\n",
            0600);
  CHECK(RunShell(Collector("--root " + root + " --sign-key " + key_path + " -o " + out + " 2>" + dir.path() + "/log")) == 5);
  CHECK_THAT(ReadWholeFile(dir.path() + "/log"), Catch::Contains("a public key, not a private key"));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("writing to a full device exits 3 and leaves the device in place", "[collector][cli][faults]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  CHECK(RunShell(Collector("--root " + root + " -o /dev/full 2>/dev/null")) == 3);
  struct stat st {};
  REQUIRE(stat("/dev/full", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("a full filesystem exits 3 and leaves no partial file", "[collector][cli][faults]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::string small = dir.path() + "/small";
  std::filesystem::create_directories(root);
  std::filesystem::create_directories(small);
  BuildOpenTree(root);
  // Incompressible content so the bundle cannot fit in one page.
  std::mt19937 rng(7);
  std::string noise;
  for (int i = 0; i < 4000; ++i) noise += std::to_string(rng()) + "\n";
  // os-release is kept whole: allow-listed configuration would shrink to a few bytes.
  WriteFile(root, "etc/os-release", noise);
  if (mount("tmpfs", small.c_str(), "tmpfs", 0, "size=4k") != 0) {
    WARN("cannot mount a tmpfs here (not privileged): the ENOSPC case is covered by /dev/full only");
    return;
  }
  int rc = RunShell(Collector("--root " + root + " -o " + small + "/b.tar.gz 2>/dev/null"));
  bool empty = std::filesystem::is_empty(small);
  umount(small.c_str());
  CHECK(rc == 3);
  CHECK(empty);
}

TEST_CASE("an unwritable output directory fails with exit 3 before collecting", "[collector][cli][faults]") {
  if (geteuid() != 0) {
    WARN("not running as root: cannot switch to an unprivileged uid, read-only directory case not run");
    return;
  }
  TempDir dir;
  chmod(dir.path().c_str(), 0755);
  std::string ro = dir.path() + "/ro";
  std::filesystem::create_directories(ro);
  chmod(ro.c_str(), 0555);
  // The root does not exist either: exit 3 rather than 4 shows the output was checked first.
  CHECK(RunShell(std::string(kAsNobody) + Collector("--root /nonexistent -o " + ro + "/b.tar.gz 2>/dev/null")) == 3);
  CHECK(std::filesystem::is_empty(ro));
}

TEST_CASE("run as an unprivileged uid, a root-only file is recorded as denied", "[collector][cli][faults]") {
  if (geteuid() != 0) {
    WARN("not running as root: cannot switch to uid 65534, permission-denied case not run");
    return;
  }
  TempDir dir;
  chmod(dir.path().c_str(), 0755);
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  WriteFile(root, "etc/kubernetes/admin.conf", "users:\n- user:\n    token: KUBEPROOF-CANARY-DENIED\n", 0600);
  chmod((root + "/etc/kubernetes").c_str(), 0755);
  std::string out_dir = dir.path() + "/out";
  std::filesystem::create_directories(out_dir);
  chmod(out_dir.c_str(), 0777);
  REQUIRE(RunShell(std::string(kAsNobody) + Collector("--root " + root + " -o " + out_dir + "/b.tar.gz 2>/dev/null")) == 0);
  auto members = UnpackBundle(ReadWholeFile(out_dir + "/b.tar.gz"));
  nlohmann::json record = FileRecord(members, "/etc/kubernetes/admin.conf");
  CHECK(record["status"] == "denied");
  CHECK(record["error"] == "Permission denied");
  CHECK(record["mode"] == "0600");
  CHECK(record["uid"] == 0);
  CHECK_FALSE(AnyMemberContains(members, "KUBEPROOF-CANARY"));
}

TEST_CASE("a live kube-apiserver process is found in the real /proc with its flags", "[collector][cli][live]") {
  TempDir dir;
  std::string root = dir.path() + "/root";
  std::filesystem::create_directories(root);
  BuildOpenTree(root);
  // A copy of the shell under the component's name, kept alive by a script that waits on stdin.
  std::string binary = dir.path() + "/kube-apiserver";
  std::filesystem::copy_file("/bin/sh", binary);
  chmod(binary.c_str(), 0755);
  WriteFile(dir.path(), "wait.sh", "read line\n");
  std::string script = dir.path() + "/wait.sh";
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    dup2(fds[0], 0);
    close(fds[1]);
    const char* argv[] = {"kube-apiserver", script.c_str(), "--anonymous-auth=false",
                          "--token", "KUBEPROOF-CANARY-LIVE", nullptr};
    execv(binary.c_str(), const_cast<char* const*>(argv));
    _exit(127);
  }
  close(fds[0]);
  // Wait until the exec has happened (the cmdline shows the new argv); bounded, not timed.
  std::string cmdline_path = "/proc/" + std::to_string(child) + "/cmdline";
  for (int i = 0; i < 500 && ReadWholeFile(cmdline_path).find("--anonymous-auth") == std::string::npos; ++i) {
    usleep(10000);
  }
  std::string out = dir.path() + "/live.tar.gz";
  int rc = RunShell(Collector("--root " + root + " --proc /proc -o " + out + " 2>/dev/null"));
  kill(child, SIGKILL);
  close(fds[1]);
  waitpid(child, nullptr, 0);
  REQUIRE(rc == 0);
  auto members = UnpackBundle(ReadWholeFile(out));
  nlohmann::json processes = nlohmann::json::parse(members.at("evidence/processes.json"))["processes"];
  nlohmann::json found;
  for (const auto& p : processes) {
    if (p["pid"] == child) found = p;
  }
  REQUIRE(found.is_object());
  CHECK(found["component"] == "kube-apiserver");
  CHECK(found["argv"][2] == "--anonymous-auth=false");
  CHECK(found["argv"][4] == "<redacted>");
  CHECK(found["uid"] == static_cast<int>(geteuid()));
  CHECK(found["start_time"].is_number());
  CHECK_FALSE(AnyMemberContains(members, "KUBEPROOF-CANARY"));
  nlohmann::json manifest = nlohmann::json::parse(members.at("manifest.json"));
  CHECK(manifest["collection"]["process_view"] == "full");
}

}  // namespace
}  // namespace kubeproof
