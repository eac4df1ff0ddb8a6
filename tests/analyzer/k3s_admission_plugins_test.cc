// k3s runs the API server in-process with admission plugins of its own choosing: a plugin the
// evidence does not name is unverifiable there, never judged on upstream defaults.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FindingFor;

Evaluation K3sServer(std::vector<std::string> argv, const std::string& config = "") {
  EvidenceBuilder b;
  b.KubernetesVersion("kube-apiserver", "v1.27.4+k3s1").Process("k3s-server", std::move(argv), 77);
  if (!config.empty()) b.File("/etc/rancher/k3s/config.yaml", config);
  return Evaluate(Cis16(), b.Build(), {});
}

}  // namespace

TEST_CASE("a k3s admission plugin named nowhere in the evidence is unverifiable with a reason", "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server"});
  for (const char* id : {"1.2.10", "1.2.11", "1.2.12", "1.2.14", "1.2.15", "1.2.17"}) {
    INFO(id);
    const Finding& f = FindingFor(ev, id);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason.find("k3s chooses its embedded kube-apiserver's admission plugins") == 0);
  }
}

TEST_CASE("a k3s admission plugin enabled by --kube-apiserver-arg is judged", "[rules][k3s]") {
  Evaluation ev = K3sServer({"/usr/local/bin/k3s", "server", "--kube-apiserver-arg=enable-admission-plugins=NodeRestriction"});
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
