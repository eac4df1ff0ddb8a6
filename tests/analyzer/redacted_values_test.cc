// A value the collector withheld ("<redacted>") is never judged: a comparison on it is
// UNVERIFIABLE with reason code value-redacted, while whether the setting is present still is.
#include <catch2/catch.hpp>
#include <string>

#include "analyzer/rules/finding.h"
#include "tests/support/evidence_builder.h"
#include "tests/support/temp_rules.h"

namespace kubeproof {
namespace {

using testing::EvaluateOne;
using testing::EvidenceBuilder;

constexpr const char* kWithheld = "<redacted>";

NodeEvidence ApiServer(const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {"kube-apiserver"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return EvidenceBuilder().Process("kube-apiserver", argv).Build();
}

Finding OnApiServer(const std::string& test, const std::vector<std::string>& flags) {
  return EvaluateOne(test, ApiServer(flags), "kube-apiserver");
}

void RequireWithheld(const Finding& f, const std::string& what) {
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kValueRedacted);
  CHECK(f.reason == what + ": value redacted by the collector, so it cannot be judged");
}

constexpr const char* kKubelet =
    "component: kubelet\n"
    "config_file_flag: config\n"
    "flags:\n"
    "  config: {type: string}\n"
    "  read-only-port: {type: int, config_key: readOnlyPort}\n"
    "  feature-gates: {type: map, config_key: featureGates}\n";

}  // namespace

TEST_CASE("a numeric comparison on a redacted value is unverifiable, not 'not a number'",
          "[rules][redaction]") {
  Finding f = OnApiServer("      setting: audit-log-maxage\n      at_least: 30\n",
                          {std::string("--audit-log-maxage=") + kWithheld});
  RequireWithheld(f, "--audit-log-maxage");
  CHECK(f.actual == "--audit-log-maxage = <redacted>");
  CHECK(f.source == "flag --audit-log-maxage on running kube-apiserver (pid 100)");
  // The same test still judges a value that was kept.
  CHECK(
      OnApiServer("      setting: audit-log-maxage\n      at_least: 30\n", {"--audit-log-maxage=7"})
          .status == CheckStatus::kFail);
}

TEST_CASE("equals, not_equals and contains never guess at a redacted value", "[rules][redaction]") {
  std::string ca = std::string("--client-ca-file=") + kWithheld;
  RequireWithheld(
      OnApiServer("      setting: client-ca-file\n      equals: /etc/kubernetes/pki/ca.crt\n",
                  {ca}),
      "--client-ca-file");
  // Before, a withheld value differed from anything and passed.
  RequireWithheld(
      OnApiServer("      setting: client-ca-file\n      not_equals: /tmp/ca.crt\n", {ca}),
      "--client-ca-file");
  std::string plugins = std::string("--enable-admission-plugins=NodeRestriction,") + kWithheld;
  RequireWithheld(
      OnApiServer("      setting: enable-admission-plugins\n      not_contains: AlwaysAdmit\n",
                  {plugins}),
      "--enable-admission-plugins");
}

TEST_CASE("whether a setting with a redacted value is set is still judged", "[rules][redaction]") {
  std::string ca = std::string("--client-ca-file=") + kWithheld;
  Finding present = OnApiServer("      setting: client-ca-file\n      set: true\n", {ca});
  CHECK(present.status == CheckStatus::kPass);
  CHECK(OnApiServer("      setting: client-ca-file\n      set: false\n", {ca}).status ==
        CheckStatus::kFail);
}

TEST_CASE("admission plugins are unverifiable when a plugin list was redacted",
          "[rules][redaction]") {
  Finding f = OnApiServer(
      "      setting: enable-admission-plugins\n      plugin_enabled: NodeRestriction\n",
      {std::string("--enable-admission-plugins=") + kWithheld});
  RequireWithheld(f, "--enable-admission-plugins");
}

TEST_CASE("differs_from and a file named by a setting are unverifiable when the path was redacted",
          "[rules][redaction]") {
  auto e = EvidenceBuilder()
               .Process("etcd", {"etcd", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"})
               .Process("kube-apiserver",
                        {"kube-apiserver", std::string("--client-ca-file=") + kWithheld})
               .Build();
  RequireWithheld(EvaluateOne("      setting: trusted-ca-file\n      differs_from: {component: "
                              "kube-apiserver, setting: client-ca-file}\n",
                              e, "etcd"),
                  "kube-apiserver --client-ca-file");
  RequireWithheld(
      EvaluateOne("      file: {setting: client-ca-file}\n      mode_at_most: \"0644\"\n", e,
                  "kube-apiserver"),
      "kube-apiserver --client-ca-file");
}

TEST_CASE(
    "a redacted value in a config file, and a feature gate map redacted whole, are unverifiable",
    "[rules][redaction]") {
  auto e = EvidenceBuilder()
               .Process("kubelet", {"kubelet", "--config=/var/lib/kubelet/config.yaml",
                                    std::string("--feature-gates=") + kWithheld})
               .File("/var/lib/kubelet/config.yaml",
                     "readOnlyPort: \"<redacted>\"\nfeatureGates:\n  "
                     "RotateKubeletServerCertificate: true\n")
               .Build();
  std::vector<std::pair<std::string, std::string>> kubelet = {{"kubelet", kKubelet}};
  Finding port =
      EvaluateOne("      setting: read-only-port\n      equals: \"0\"\n", e, "kubelet", kubelet);
  RequireWithheld(port, "--read-only-port");
  CHECK(port.source == "config file /var/lib/kubelet/config.yaml key readOnlyPort");
  // The command line's map would override the file's key, and what it holds is unknown.
  Finding gate = EvaluateOne(
      "      setting: feature-gates\n      key: RotateKubeletServerCertificate\n      equals: "
      "\"true\"\n",
      e, "kubelet", kubelet);
  RequireWithheld(gate, "--feature-gates RotateKubeletServerCertificate");
}

TEST_CASE("the value-redacted reason code has a stable name", "[rules][redaction]") {
  CHECK(ReasonCodeName(ReasonCode::kValueRedacted) == "value-redacted");
  CHECK(ParseReasonCode("value-redacted") == ReasonCode::kValueRedacted);
}

}  // namespace kubeproof
