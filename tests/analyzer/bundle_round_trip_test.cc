#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "collector/bundle_writer.h"
#include "common/bundle_layout.h"

namespace kubeproof {
namespace {

nlohmann::json Manifest() {
  return {{"format", "kubeproof-bundle"},
          {"format_version", 1},
          {"collector", {{"name", "kubeproof-collect"}, {"version", "0.1.0"}}},
          {"node", {{"name", "cp-1"}, {"cluster", "lab"}, {"hostname", "cp-1"}, {"os_release", nullptr},
                    {"kernel_release", "6.1.0"}}},
          {"collection", {{"started_at", "2026-11-28T10:00:00Z"}, {"finished_at", "2026-11-28T10:00:01Z"},
                          {"options", {{"root", "/"}}}, {"process_view", "full"}}},
          {"kubernetes_versions", {{{"component", "kube-apiserver"}, {"version", "v1.20.4"}, {"source", "image tag"}}}},
          {"redactions", {{{"member", "evidence/processes.json"}, {"field", "--token"}, {"reason", "secret value"}}}},
          {"skipped", {{{"path", "/etc/kubernetes/pki/ca.key"}, {"reason", "private key"}}}}};
}

std::filesystem::path WriteBundle(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "kubeproof-round-trip";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string SampleBundle() {
  BundleWriter writer;
  nlohmann::json processes = {{"processes", {{{"pid", 812}, {"start_time", 4711}, {"uid", 0},
                                               {"component", "kubelet"},
                                               {"argv", {"kubelet", "--token", "<redacted>", "--anonymous-auth=false"}},
                                               {"redacted_args", {2}}}}}};
  nlohmann::json files = {{"files",
                           {{{"path", "/var/lib/kubelet/config.yaml"}, {"status", "ok"}, {"type", "file"},
                             {"mode", "0640"}, {"uid", 0}, {"gid", 998}, {"owner", "root"}, {"group", "kube"},
                             {"size", 23}, {"mtime", "2026-11-01T00:00:00Z"}, {"link_target", nullptr},
                             {"error", nullptr},
                             {"content", {{"member", "files/var/lib/kubelet/config.yaml"}, {"policy", "redacted"},
                                          {"profile", "kubelet-config"}, {"sha256", nullptr}}},
                             {"why", {"kubelet --config"}}},
                            {{"path", "/etc/kubernetes/pki/ca.key"}, {"status", "ok"}, {"type", "file"},
                             {"mode", "4600"}, {"uid", 0}, {"gid", 0}, {"content", {{"member", nullptr}, {"policy", "stat-only"}}},
                             {"why", {"well-known"}}}}}};
  REQUIRE(writer.Add(std::string(bundle::kProcessesMember), processes.dump()).ok());
  REQUIRE(writer.Add(std::string(bundle::kFilesMember), files.dump()).ok());
  REQUIRE(writer.Add("files/var/lib/kubelet/config.yaml", "readOnlyPort: 0\nfoo: \"<redacted>\"\n").ok());
  auto bytes = writer.Finish(Manifest(), 1700000000);
  REQUIRE(bytes.ok());
  return *bytes;
}

}  // namespace

TEST_CASE("a bundle written by the collector's writer reads back field for field", "[bundle]") {
  auto path = WriteBundle("round-trip.tar.gz", SampleBundle());
  auto verified = ReadVerifiedBundle(path, ArchiveLimits{});
  REQUIRE(verified.ok());
  auto evidence = ParseEvidence(*verified);
  REQUIRE(evidence.ok());
  const NodeEvidence& e = *evidence;
  CHECK(e.bundle.node == "cp-1");
  CHECK(e.bundle.cluster == std::optional<std::string>("lab"));
  CHECK_FALSE(e.bundle.os_release.has_value());
  CHECK(e.bundle.process_view == "full");
  REQUIRE(e.bundle.kubernetes_versions.size() == 1);
  CHECK(e.bundle.kubernetes_versions[0].version == "v1.20.4");
  REQUIRE(e.processes.size() == 1);
  CHECK(e.processes[0].argv.size() == 4);
  CHECK(e.processes[0].redacted_args == std::vector<int>{2});
  REQUIRE(e.files.size() == 2);
  const FileEvidence* config = e.FindFile("/var/lib/kubelet/config.yaml");
  REQUIRE(config != nullptr);
  CHECK(config->mode == 0640u);
  CHECK(config->group == std::optional<std::string>("kube"));
  // Filtered by the collector already: the analyzer's filter changes nothing and notes nothing.
  CHECK(config->content == std::optional<std::string>("readOnlyPort: 0\nfoo: \"<redacted>\"\n"));
  CHECK(config->content_profile == std::optional<std::string>("kubelet-config"));
  const FileEvidence* key = e.FindFile("/etc/kubernetes/pki/ca.key");
  REQUIRE(key != nullptr);
  CHECK(key->mode == 04600u);
  CHECK_FALSE(key->content.has_value());
  CHECK(e.redactions.size() == 1);
  CHECK(e.notes.size() == 1);
  CHECK(verified->sha256.size() == 64);
}

TEST_CASE("the same evidence gives the same bundle bytes", "[bundle]") {
  CHECK(SampleBundle() == SampleBundle());
}

TEST_CASE("a bundle's checksums verify with the system's tar and sha256sum", "[bundle]") {
  auto path = WriteBundle("plain-tools.tar.gz", SampleBundle());
  auto dir = path.parent_path() / "extracted";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string command = "tar -xzf '" + path.string() + "' -C '" + dir.string() + "' && cd '" + dir.string() +
                        "' && sha256sum --quiet -c SHA256SUMS";
  CHECK(std::system(command.c_str()) == 0);
  // Altering one member afterwards is caught by the same plain tools.
  std::ofstream(dir / "files/var/lib/kubelet/config.yaml", std::ios::app) << "readOnlyPort: 10255\n";
  std::string recheck = "cd '" + dir.string() + "' && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1";
  CHECK(std::system(recheck.c_str()) != 0);
}

}  // namespace kubeproof
