// Relative path-valued flags: resolved against the process's working directory, never "/".
#include <catch2/catch.hpp>

#include "analyzer/bundle/evidence_parser.h"
#include "analyzer/rules/evaluator.h"
#include "common/bundle_layout.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;
using testing::FindingFor;

constexpr const char* kSecureConfig = "kind: KubeletConfiguration\nreadOnlyPort: 0\n";
constexpr const char* kInsecureConfig = "kind: KubeletConfiguration\nreadOnlyPort: 10255\n";

TEST_CASE("a kubelet running in /var/lib/kubelet with --config=config.yaml is judged on /var/lib/kubelet/config.yaml",
          "[settings][cwd]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"/usr/bin/kubelet", "--config=config.yaml"})
               .Cwd("/var/lib/kubelet")
               .File("/var/lib/kubelet/config.yaml", kSecureConfig, {0600})
               .File("/config.yaml", kInsecureConfig, {0666})
               .Build();
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  const Finding& port = FindingFor(ev, "4.2.4");
  CHECK(port.status == CheckStatus::kPass);
  CHECK(port.source == "config file /var/lib/kubelet/config.yaml key readOnlyPort");
  const Finding& mode = FindingFor(ev, "4.1.9");
  CHECK(mode.status == CheckStatus::kPass);
  CHECK(mode.actual == "/var/lib/kubelet/config.yaml mode 0600");
}

TEST_CASE("a relative --kubeconfig ../kubelet.conf climbs from the kubelet's working directory", "[settings][cwd]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"/usr/bin/kubelet", "--kubeconfig", "../kubelet.conf"})
               .Cwd("/var/lib/kubelet")
               .File("/var/lib/kubelet.conf", "kind: Config\n", {0600})
               .Build();
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  const Finding& mode = FindingFor(ev, "4.1.5");
  CHECK(mode.status == CheckStatus::kPass);
  CHECK(mode.actual == "/var/lib/kubelet.conf mode 0600");
}

TEST_CASE("a relative --config with an unreadable working directory leaves the config checks unverifiable",
          "[settings][cwd]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"/usr/bin/kubelet", "--config=config.yaml"}, 812)
               .Cwd(std::nullopt)
               .File("/config.yaml", kInsecureConfig, {0666})
               .Build();
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  const Finding& port = FindingFor(ev, "4.2.4");
  CHECK(port.status == CheckStatus::kUnverifiable);
  CHECK(port.reason ==
        "config file config.yaml unknown: relative path config.yaml and the working directory of kubelet (pid 812) "
        "could not be read");
  const Finding& mode = FindingFor(ev, "4.1.9");
  CHECK(mode.status == CheckStatus::kUnverifiable);
  CHECK(mode.reason == "relative path config.yaml and the working directory of kubelet (pid 812) could not be read");
}

TEST_CASE("a relative --config from a bundle that predates cwd is unverifiable, not read from /", "[settings][cwd]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"/usr/bin/kubelet", "--config=config.yaml"}, 812)
               .File("/config.yaml", kInsecureConfig, {0666})
               .Build();
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  const Finding& mode = FindingFor(ev, "4.1.9");
  CHECK(mode.status == CheckStatus::kUnverifiable);
  CHECK(mode.reason ==
        "relative path config.yaml and the bundle does not record the working directory of kubelet (pid 812)");
}

TEST_CASE("a declared kubelet unit's relative --config is resolved against its WorkingDirectory", "[settings][cwd]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service",
                     "[Service]\nWorkingDirectory=/etc/kubernetes\nExecStart=/usr/bin/kubelet --config=kubelet.yaml\n")
               .File("/etc/kubernetes/kubelet.yaml", kSecureConfig, {0600})
               .Build();
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  const Finding& port = FindingFor(ev, "4.2.4");
  CHECK(port.status == CheckStatus::kPass);
  CHECK(port.source == "config file /etc/kubernetes/kubelet.yaml key readOnlyPort, declared, not observed");
}

// The processes member of a worker bundle with the first process's cwd field set by `edit`.
NodeEvidence ParsedWith(void (*edit)(nlohmann::json& process)) {
  testing::BundleContent content = testing::WorkerBundle();
  edit(content.processes["processes"][0]);
  VerifiedBundle verified;
  verified.manifest = content.manifest;
  verified.members = content.Members();
  Result<NodeEvidence> evidence = ParseEvidence(verified);
  REQUIRE(evidence.ok());
  return std::move(evidence).value();
}

TEST_CASE("a bundle's cwd is known, unreadable (null) or not recorded (no key, an older collector)", "[bundle][cwd]") {
  NodeEvidence known = ParsedWith([](nlohmann::json& p) { p["cwd"] = "/var/lib/kubelet"; });
  CHECK(known.processes[0].cwd_state == CwdState::kKnown);
  CHECK(known.processes[0].cwd == "/var/lib/kubelet");
  NodeEvidence unreadable = ParsedWith([](nlohmann::json& p) { p["cwd"] = nullptr; });
  CHECK(unreadable.processes[0].cwd_state == CwdState::kUnreadable);
  NodeEvidence old = ParsedWith([](nlohmann::json& p) { p.erase("cwd"); });
  CHECK(old.processes[0].cwd_state == CwdState::kNotRecorded);
}

}  // namespace
}  // namespace kubeproof
