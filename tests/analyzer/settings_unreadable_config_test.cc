// A config file the evidence shows exists but could not be read or parsed: nothing it could
// set may fall back to a compiled-in default, feature gates key by key included.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::FindingFor;

using testing::KubeletWithConfig;

constexpr const char* kConfig = testing::kKubeletConfig;

// --config-dir exists from Kubernetes 1.28.
testing::EvidenceBuilder KubeletWithDropIns() {
  testing::EvidenceBuilder b;
  b.KubernetesVersion("kubelet", "v1.30.2")
      .Process("kubelet", {"/usr/bin/kubelet", std::string("--config=") + kConfig, "--config-dir=/etc/kubernetes/kubelet.conf.d"},
               812);
  return b;
}

}  // namespace

TEST_CASE("a feature gate is unverifiable, not its default, when the kubelet config file is unreadable",
          "[settings][rules]") {
  Evaluation ev = Evaluate(Cis16(), KubeletWithConfig().Unreadable(kConfig).Build(), {});
  const Finding& f = FindingFor(ev, "4.2.12");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == std::string("config file ") + kConfig + " unreadable: Permission denied");
}

TEST_CASE("a feature gate is unverifiable, not its default, when the kubelet config file does not parse",
          "[settings][rules]") {
  Evaluation ev = Evaluate(Cis16(), KubeletWithConfig().File(kConfig, "featureGates: [1, 2\n").Build(), {});
  const Finding& f = FindingFor(ev, "4.2.12");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason.find(std::string("config file ") + kConfig + " unparsable") == 0);
}

TEST_CASE("a feature gate on the command line still decides when the kubelet config file is unreadable",
          "[settings][rules]") {
  Evaluation ev = Evaluate(
      Cis16(), KubeletWithConfig({"--feature-gates=RotateKubeletServerCertificate=false"}).Unreadable(kConfig).Build(),
      {});
  const Finding& f = FindingFor(ev, "4.2.12");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == "flag --feature-gates on running kubelet (pid 812)");
}

TEST_CASE("a feature gate set by a readable drop-in decides over an unreadable main config file",
          "[settings][rules]") {
  auto e = KubeletWithDropIns()
               .Unreadable(kConfig)
               .File("/etc/kubernetes/kubelet.conf.d/50-gates.conf", "featureGates:\n  RotateKubeletServerCertificate: true\n")
               .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& f = FindingFor(ev, "4.2.12");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == "drop-in /etc/kubernetes/kubelet.conf.d/50-gates.conf key featureGates.RotateKubeletServerCertificate");
}

TEST_CASE("a feature gate is unverifiable when a drop-in above the one that sets it is unreadable",
          "[settings][rules]") {
  auto e = KubeletWithDropIns()
               .File(kConfig, "featureGates:\n  RotateKubeletServerCertificate: true\n")
               .Unreadable("/etc/kubernetes/kubelet.conf.d/90-late.conf")
               .Build();
  Evaluation ev = Evaluate(Cis16(), e, {});
  const Finding& f = FindingFor(ev, "4.2.12");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "drop-in /etc/kubernetes/kubelet.conf.d/90-late.conf unreadable: Permission denied");
}

TEST_CASE("every kubelet setting the config file could hold is unverifiable when the file does not parse",
          "[settings][rules]") {
  Evaluation ev = Evaluate(Cis16(), KubeletWithConfig().File(kConfig, "readOnlyPort: [0\n").Build(), {});
  for (const char* id : {"4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5", "4.2.6", "4.2.7", "4.2.9", "4.2.10", "4.2.11",
                         "4.2.12", "4.2.13"}) {
    INFO(id);
    CHECK(FindingFor(ev, id).status == CheckStatus::kUnverifiable);
  }
}

}  // namespace kubeproof
