// Config values that could be spoofed: a single key spelled like a nested path, and a second
// YAML document. The kubelet reads one document, field by field; so does the resolver.
#include <catch2/catch.hpp>

#include "analyzer/config/config_values.h"
#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::FindingFor;

constexpr const char* kConfig = testing::kKubeletConfig;

Evaluation WithKubeletConfig(const std::string& text) {
  return Evaluate(Cis16(), testing::KubeletWithConfig().File(kConfig, text).Build(), {});
}

}  // namespace

TEST_CASE("config flattening escapes a key that contains dots or brackets so it cannot pass for a path",
          "[config]") {
  auto values = FlattenConfig("authentication.anonymous.enabled: false\n\"list[0]\": x\na\\b: y\n", ConfigLimits{});
  REQUIRE(values.ok());
  REQUIRE(values->size() == 3);
  CHECK((*values)[0].key_path == "authentication\\.anonymous\\.enabled");
  CHECK((*values)[1].key_path == "list\\[0\\]");
  CHECK((*values)[2].key_path == "a\\\\b");
}

TEST_CASE("a literal dotted key in the kubelet config does not override the nested setting", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig(
      "authentication:\n  anonymous:\n    enabled: true\n"
      "authentication.anonymous.enabled: false\n");
  const Finding& f = FindingFor(ev, "4.2.1");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == std::string("config file ") + kConfig + " key authentication.anonymous.enabled");
}

TEST_CASE("a literal dotted feature gate key is not a feature gate", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig(
      "featureGates:\n  RotateKubeletServerCertificate: false\n"
      "featureGates.RotateKubeletServerCertificate: true\n");
  CHECK(FindingFor(ev, "4.2.12").status == CheckStatus::kFail);
}

TEST_CASE("a second YAML document in the kubelet config file is ignored, as the kubelet ignores it",
          "[settings][rules]") {
  Evaluation ev = WithKubeletConfig(
      "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nreadOnlyPort: 10255\n"
      "---\n"
      "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nreadOnlyPort: 0\n");
  const Finding& anonymous = FindingFor(ev, "4.2.1");
  CHECK(anonymous.status == CheckStatus::kFail);
  CHECK(anonymous.actual == "--anonymous-auth = true");
  CHECK(FindingFor(ev, "4.2.4").status == CheckStatus::kFail);
}

TEST_CASE("a setting only a second YAML document holds takes the kubelet's default", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("kind: KubeletConfiguration\n---\nprotectKernelDefaults: true\n");
  const Finding& f = FindingFor(ev, "4.2.6");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source.find("default for Kubernetes 1.20 with a config file") == 0);
}

}  // namespace kubeproof
