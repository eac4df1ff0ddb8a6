// `files` tests over a directory a setting names (the kubelet's --config-dir) or the first existing
// directory of a list (kubeadm, RKE2 and k3s PKI), and `if_exists` on them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/evidence_builder.h"
#include "tests/support/temp_rules.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;
using testing::FileAttributes;

constexpr const char* kKubelet =
    "component: kubelet\n"
    "flags:\n"
    "  config-dir: {type: string}\n"
    "  read-only-port: {type: int}\n";

constexpr const char* kDropIns = "/etc/kubernetes/kubelet.conf.d";

std::string DropInTest(bool if_exists = false) {
  return "      files: {setting: config-dir, component: kubelet, glob: \"*.conf\"}\n" +
         std::string(if_exists ? "      if_exists: true\n" : "") +
         "      each: {mode_at_most: \"0600\"}\n";
}

Finding Judge(const std::string& test, const NodeEvidence& e) {
  return testing::EvaluateOne(test, e, "node", {{"kubelet", kKubelet}});
}

EvidenceBuilder KubeletWithDropIns() {
  EvidenceBuilder b;
  b.Process("kubelet", {"kubelet", std::string("--config-dir=") + kDropIns}, 812);
  return b;
}

constexpr const char* kPkiKeys =
    "      files: {under_any: [/etc/kubernetes/pki, /var/lib/rancher/rke2/server/tls, "
    "/var/lib/rancher/k3s/server/tls], "
    "glob: \"*.key\"}\n"
    "      each: {mode_at_most: \"0600\"}\n";

std::string LoadError(const std::string& test) {
  testing::TempRules rules("checks:\n" + testing::Check("1.1.1", "node", test));
  rules.Write("components/kubelet.yaml", kKubelet);
  auto loaded = rules.Load();
  return loaded.ok() ? "loaded" : loaded.status().message();
}

}  // namespace

TEST_CASE(
    "every drop-in under the kubelet's --config-dir is judged, recursively, and one loose file "
    "fails",
    "[rules][files]") {
  auto e = KubeletWithDropIns()
               .Directory(kDropIns)
               .File("/etc/kubernetes/kubelet.conf.d/10-base.conf", "x", {0600})
               .File("/etc/kubernetes/kubelet.conf.d/nested/30-extra.conf", "x", {0600})
               .File("/etc/kubernetes/kubelet.conf.d/README", "x", {0644})
               .File("/etc/kubernetes/kubelet.conf.d/20-tuning.conf", "x", {0644});
  Finding fail = Judge(DropInTest(), e.Build());
  CHECK(fail.status == CheckStatus::kFail);
  CHECK(fail.reason ==
        "/etc/kubernetes/kubelet.conf.d/20-tuning.conf: mode 0644 has bits 0044 outside 0600");
  CHECK(fail.source ==
        "file records under /etc/kubernetes/kubelet.conf.d, from flag --config-dir on running "
        "kubelet (pid 812)");

  e.File("/etc/kubernetes/kubelet.conf.d/20-tuning.conf", "x", {0600});
  Finding pass = Judge(DropInTest(), e.Build());
  CHECK(pass.status == CheckStatus::kPass);
  CHECK(pass.reason == "all 3 files compliant");
  CHECK(pass.actual.find("nested/30-extra.conf mode 0600") != std::string::npos);
  CHECK(pass.actual.find("README") == std::string::npos);
}

TEST_CASE(
    "an unset --config-dir is unverifiable, or passes with if_exists: no drop-in directory is in "
    "use",
    "[rules][files]") {
  auto e = EvidenceBuilder().Process("kubelet", {"kubelet"}).Build();
  Finding strict = Judge(DropInTest(), e);
  CHECK(strict.status == CheckStatus::kUnverifiable);
  CHECK(strict.reason_code == ReasonCode::kSettingUnset);
  CHECK(strict.reason == "kubelet --config-dir is not set, so there is no directory to check");
  Finding lenient = Judge(DropInTest(true), e);
  CHECK(lenient.status == CheckStatus::kPass);
  CHECK(lenient.reason == "kubelet --config-dir is not set, so no directory is in use");
}

TEST_CASE("a --config-dir that does not exist, or is empty, passes only with if_exists",
          "[rules][files]") {
  auto missing = KubeletWithDropIns().Absent(kDropIns).Build();
  Finding strict = Judge(DropInTest(), missing);
  CHECK(strict.status == CheckStatus::kUnverifiable);
  CHECK(strict.reason_code == ReasonCode::kFileNotFound);
  CHECK(strict.reason == "file not found: /etc/kubernetes/kubelet.conf.d");
  CHECK(Judge(DropInTest(true), missing).status == CheckStatus::kPass);

  auto empty = KubeletWithDropIns().Directory(kDropIns).Build();
  CHECK(Judge(DropInTest(), empty).status == CheckStatus::kUnverifiable);
  Finding nothing = Judge(DropInTest(true), empty);
  CHECK(nothing.status == CheckStatus::kPass);
  CHECK(nothing.actual == "no file matching *.conf recorded under /etc/kubernetes/kubelet.conf.d");

  // Never examined by the collector: unknown, with or without if_exists.
  CHECK(Judge(DropInTest(true), KubeletWithDropIns().Build()).status == CheckStatus::kUnverifiable);
  auto unlisted = KubeletWithDropIns().Unreadable(kDropIns).Build();
  Finding denied = Judge(DropInTest(true), unlisted);
  CHECK(denied.status == CheckStatus::kUnverifiable);
  CHECK(denied.reason == "file unreadable: /etc/kubernetes/kubelet.conf.d: Permission denied");
}

TEST_CASE("a files test through a setting of an absent component is unverifiable as absent",
          "[rules][files]") {
  Finding f = Judge(DropInTest(true), EvidenceBuilder().Build());
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kComponentAbsent);
}

TEST_CASE("under_any judges the first directory that exists and names it", "[rules][files]") {
  auto rke2 = EvidenceBuilder()
                  .Absent("/etc/kubernetes/pki")
                  .Directory("/var/lib/rancher/rke2/server/tls")
                  .StatOnly("/var/lib/rancher/rke2/server/tls/server-ca.key", {0600})
                  .StatOnly("/var/lib/rancher/rke2/server/tls/client-ca.key", {0644})
                  .StatOnly("/var/lib/rancher/k3s/server/tls/server-ca.key", {0600});
  Finding fail = Judge(kPkiKeys, rke2.Build());
  CHECK(fail.status == CheckStatus::kFail);
  CHECK(fail.reason.find("/var/lib/rancher/rke2/server/tls/client-ca.key: mode 0644") == 0);
  CHECK(fail.source ==
        "file records under /var/lib/rancher/rke2/server/tls, the first of /etc/kubernetes/pki, "
        "/var/lib/rancher/rke2/server/tls, /var/lib/rancher/k3s/server/tls that exists");

  // kubeadm's directory wins when it exists, even when only its files were recorded.
  auto kubeadm = rke2.StatOnly("/etc/kubernetes/pki/ca.key", {0600}).Build();
  kubeadm.files.erase(
      std::find_if(kubeadm.files.begin(), kubeadm.files.end(),
                   [](const FileEvidence& f) { return f.path == "/etc/kubernetes/pki"; }));
  Finding pass = Judge(kPkiKeys, kubeadm);
  CHECK(pass.status == CheckStatus::kPass);
  CHECK(pass.actual == "/etc/kubernetes/pki/ca.key mode 0600");
}

TEST_CASE(
    "under_any with no directory on the node is unverifiable naming each, or passes with if_exists",
    "[rules][files]") {
  auto none = EvidenceBuilder()
                  .Absent("/etc/kubernetes/pki")
                  .Absent("/var/lib/rancher/k3s/server/tls")
                  .Build();
  Finding f = Judge(kPkiKeys, none);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kFileNotFound);
  CHECK(f.reason ==
        "file not found: none of /etc/kubernetes/pki, /var/lib/rancher/rke2/server/tls, "
        "/var/lib/rancher/k3s/server/tls "
        "exists (not examined by the collector: /var/lib/rancher/rke2/server/tls)");
  Finding lenient = Judge(std::string(kPkiKeys) + "      if_exists: true\n", none);
  CHECK(lenient.status == CheckStatus::kPass);
}

TEST_CASE("a files test names exactly one directory form, and its setting must be declared",
          "[rules][files]") {
  CHECK(
      LoadError("      files: {under: /a, under_any: [/b]}\n      each: {mode_at_most: \"0600\"}\n")
          .find("files needs exactly one of under, under_any, setting, cni_conf_dir: true") !=
      std::string::npos);
  CHECK(LoadError("      files: {under_any: []}\n      each: {mode_at_most: \"0600\"}\n")
            .find("'under_any' needs a non-empty list of directories") != std::string::npos);
  CHECK(LoadError(
            "      files: {under: /a, component: kubelet}\n      each: {mode_at_most: \"0600\"}\n")
            .find("'component' goes with 'setting'") != std::string::npos);
  CHECK(
      LoadError("      files: {setting: config-dri, component: kubelet}\n      each: "
                "{mode_at_most: \"0600\"}\n")
          .find(
              "check 1.1.1: test: files: setting 'config-dri' is not a known setting of kubelet") !=
      std::string::npos);
  CHECK(LoadError(DropInTest(true)) == "loaded");
}

}  // namespace kubeproof
