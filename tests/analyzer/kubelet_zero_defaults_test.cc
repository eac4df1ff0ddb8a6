// The kubelet's own defaulting of its config file: some zero values are replaced by the default
// (SetDefaults_KubeletConfiguration), others mean what they say. Exact per field.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::FindingFor;

constexpr const char* kConfig = testing::kKubeletConfig;

Evaluation WithKubeletConfig(const std::string& text, const std::vector<std::string>& extra_args = {}) {
  return Evaluate(Cis16(), testing::KubeletWithConfig(extra_args).File(kConfig, text).Build(), {});
}

}  // namespace

TEST_CASE("streamingConnectionIdleTimeout 0s in the kubelet config file is defaulted to 4h and passes",
          "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("streamingConnectionIdleTimeout: 0s\n");
  const Finding& f = FindingFor(ev, "4.2.5");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual == "--streaming-connection-idle-timeout = 4h0m0s");
  CHECK(f.source == std::string("config file ") + kConfig +
                        " key streamingConnectionIdleTimeout is 0s, which the kubelet's defaulting replaces "
                        "(default for Kubernetes 1.20 with a config file)");
}

TEST_CASE("streaming-connection-idle-timeout=0 on the kubelet command line is not defaulted and fails",
          "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("streamingConnectionIdleTimeout: 5m\n", {"--streaming-connection-idle-timeout=0"});
  CHECK(FindingFor(ev, "4.2.5").status == CheckStatus::kFail);
}

TEST_CASE("an empty authorization mode in the kubelet config file is defaulted to Webhook", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("authorization:\n  mode: \"\"\n");
  const Finding& f = FindingFor(ev, "4.2.2");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual == "--authorization-mode = Webhook");
}

TEST_CASE("eventRecordQPS 0 in the kubelet config file stays 0: the kubelet defaults only a missing value",
          "[settings][rules]") {
  Evaluation zero = WithKubeletConfig("eventRecordQPS: 0\n");
  CHECK(FindingFor(zero, "4.2.9").status == CheckStatus::kPass);
  Evaluation missing = WithKubeletConfig("kind: KubeletConfiguration\n");
  CHECK(FindingFor(missing, "4.2.9").status == CheckStatus::kFail);
  CHECK(FindingFor(missing, "4.2.9").actual == "--event-qps = 5");
}

TEST_CASE("readOnlyPort 0 in the kubelet config file stays 0, the port off", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("readOnlyPort: 0\n");
  const Finding& f = FindingFor(ev, "4.2.4");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == std::string("config file ") + kConfig + " key readOnlyPort");
}

TEST_CASE("makeIPTablesUtilChains false in the kubelet config file stays false", "[settings][rules]") {
  Evaluation ev = WithKubeletConfig("makeIPTablesUtilChains: false\n");
  CHECK(FindingFor(ev, "4.2.7").status == CheckStatus::kFail);
}

}  // namespace kubeproof
