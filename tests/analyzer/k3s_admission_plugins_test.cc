// k3s runs the API server in-process and passes it --enable-admission-plugins=NodeRestriction
// itself; the API server's own defaults do the rest. A plugin is judged on that for a k3s
// release the facts cover, and unverifiable only where nothing on the node says what k3s passed.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FindingFor;

Evaluation K3sServer(std::vector<std::string> argv, const std::string& config = "",
                     const std::string& version = "v1.27.4+k3s1") {
  EvidenceBuilder b;
  if (!version.empty()) b.KubernetesVersion("kube-apiserver", version);
  b.Process("k3s-server", std::move(argv), 77).Absent("/etc/rancher/k3s/config.yaml.d");
  if (config.empty()) {
    b.Absent("/etc/rancher/k3s/config.yaml");
  } else {
    b.File("/etc/rancher/k3s/config.yaml", config);
  }
  return Evaluate(Cis16(), b.Build(), {});
}

}  // namespace

TEST_CASE(
    "k3s's own NodeRestriction and the API server's defaults decide a k3s node's admission plugins",
    "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server"});
  const Finding& node_restriction = FindingFor(ev, "1.2.17");
  CHECK(node_restriction.status == CheckStatus::kPass);
  CHECK(node_restriction.source ==
        "flag --enable-admission-plugins for kube-apiserver set by k3s for Kubernetes 1.27 "
        "(distribution default)");
  const Finding& service_account = FindingFor(ev, "1.2.14");
  CHECK(service_account.status == CheckStatus::kPass);
  CHECK(service_account.actual == "ServiceAccount on by default, not disabled");
  CHECK(FindingFor(ev, "1.2.12").status ==
        CheckStatus::kFail);  // AlwaysPullImages is never on by default
  CHECK(FindingFor(ev, "1.2.11").status == CheckStatus::kPass);  // nor is AlwaysAdmit
}

TEST_CASE("a user's enable-admission-plugins replaces k3s's NodeRestriction, and += keeps it",
          "[rules][k3s]") {
  Evaluation replaced = K3sServer({"/usr/local/bin/k3s", "server",
                                   "--kube-apiserver-arg=enable-admission-plugins=EventRateLimit"});
  CHECK(FindingFor(replaced, "1.2.10").status == CheckStatus::kPass);
  const Finding& lost = FindingFor(replaced, "1.2.17");
  CHECK(lost.status == CheckStatus::kFail);
  CHECK(lost.actual ==
        "NodeRestriction not enabled (not in --enable-admission-plugins nor on by default)");

  Evaluation appended =
      K3sServer({"/usr/local/bin/k3s", "server",
                 "--kube-apiserver-arg=enable-admission-plugins+=EventRateLimit"});
  CHECK(FindingFor(appended, "1.2.10").status == CheckStatus::kPass);
  CHECK(FindingFor(appended, "1.2.17").status == CheckStatus::kPass);
}

TEST_CASE(
    "without a version in the evidence, a k3s admission plugin named nowhere is unverifiable with "
    "a reason",
    "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server"}, "", "");
  for (const char* id : {"1.2.10", "1.2.11", "1.2.12", "1.2.14", "1.2.15", "1.2.17"}) {
    INFO(id);
    const Finding& f = FindingFor(ev, id);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason_code == ReasonCode::kDistributionChoice);
    CHECK(f.reason.find("k3s chooses its embedded kube-apiserver's admission plugins") == 0);
    CHECK(f.reason.find("which the evidence does not show") != std::string::npos);
  }
}

TEST_CASE(
    "without a version, a k3s admission plugin enabled by --kube-apiserver-arg is still judged",
    "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server",
                             "--kube-apiserver-arg=enable-admission-plugins=NodeRestriction"},
                            "", "");
  const Finding& f = FindingFor(ev, "1.2.17");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual == "NodeRestriction enabled by --enable-admission-plugins");
  CHECK(FindingFor(ev, "1.2.12").status == CheckStatus::kUnverifiable);
}

TEST_CASE("a k3s admission plugin disabled in the k3s config file is judged", "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server"},
                            "kube-apiserver-arg:\n  - disable-admission-plugins=ServiceAccount\n");
  const Finding& f = FindingFor(ev, "1.2.14");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.actual == "ServiceAccount disabled by --disable-admission-plugins");
}

}  // namespace kubeproof
