// The declared kubelet from systemd: unit search path precedence and drop-in order, as systemd
// loads them, and honesty about files the evidence shows exist but could not be read.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;
using testing::FindingFor;

constexpr const char* kSecureUnit = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n";
constexpr const char* kInsecureUnit = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=true\n";

Finding Anonymous(const NodeEvidence& e) {
  Evaluation ev = Evaluate(testing::Cis16(), e, {});
  return FindingFor(ev, "4.2.1");
}

TEST_CASE("an unreadable kubelet unit in /etc makes its settings unverifiable, not the /lib unit it overrides",
          "[systemd]") {
  auto e = EvidenceBuilder()
               .Unreadable("/etc/systemd/system/kubelet.service")
               .File("/lib/systemd/system/kubelet.service", kInsecureUnit)
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "unit file /etc/systemd/system/kubelet.service unreadable: Permission denied");
}

TEST_CASE("a unit in /usr/local/lib/systemd/system overrides the one in /usr/lib/systemd/system", "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/usr/local/lib/systemd/system/kubelet.service", kSecureUnit)
               .File("/usr/lib/systemd/system/kubelet.service", kInsecureUnit)
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == "flag --anonymous-auth declared in /usr/local/lib/systemd/system/kubelet.service, not observed");
}

TEST_CASE("an unreadable drop-in in /etc shadows the same-named one in /usr/lib and makes settings unverifiable",
          "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/usr/lib/systemd/system/kubelet.service", kInsecureUnit)
               .Unreadable("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf")
               .File("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
                     "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n")
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "drop-in /etc/systemd/system/kubelet.service.d/10-kubeadm.conf unreadable: Permission denied");
}

TEST_CASE("a drop-in directory that could not be listed makes the declared kubelet's settings unverifiable",
          "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/lib/systemd/system/kubelet.service", kSecureUnit)
               .Unreadable("/run/systemd/system/kubelet.service.d")
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "drop-in directory /run/systemd/system/kubelet.service.d unreadable: Permission denied");
}

TEST_CASE("drop-ins of every directory apply by file name: a later ExecStart= reset and Environment= win",
          "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=true\n")
               .File("/etc/systemd/system/kubelet.service.d/10-args.conf",
                     "[Service]\nEnvironment=\"ARGS=--anonymous-auth=true\"\nExecStart=\nExecStart=/usr/bin/kubelet $ARGS\n")
               .File("/run/systemd/system/kubelet.service.d/20-args.conf",
                     "[Service]\nEnvironment=\"ARGS=--anonymous-auth=false\"\n")
               .File("/usr/lib/systemd/system/kubelet.service.d/05-exec.conf",
                     "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=true\n")
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source ==
        "flag --anonymous-auth declared in /etc/systemd/system/kubelet.service.d/10-args.conf via "
        "/run/systemd/system/kubelet.service.d/20-args.conf, not observed");
}

TEST_CASE("a kubelet unit masked in /etc (a link to /dev/null) declares no kubelet", "[systemd]") {
  auto e = EvidenceBuilder()
               .Symlink("/etc/systemd/system/kubelet.service", "/dev/null")
               .File("/lib/systemd/system/kubelet.service", kSecureUnit)
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "not present on this node");
}

// A unit whose flags come from an EnvironmentFile (AKS style), optional or required.
std::string UnitWithEnvironmentFile(bool optional) {
  return std::string("[Service]\nEnvironmentFile=") + (optional ? "-" : "") +
         "/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_FLAGS\n";
}

constexpr const char* kSecureEnvironment = "KUBELET_FLAGS=--anonymous-auth=false\n";

TEST_CASE("an EnvironmentFile that exists but could not be read makes the declared kubelet unverifiable, '-' or not",
          "[systemd]") {
  for (bool optional : {false, true}) {
    INFO("optional: " << optional);
    auto e = EvidenceBuilder()
                 .File("/etc/systemd/system/kubelet.service", UnitWithEnvironmentFile(optional))
                 .Unreadable("/etc/default/kubelet")
                 .Build();
    Finding f = Anonymous(e);
    CHECK(f.status == CheckStatus::kUnverifiable);
    CHECK(f.reason_code == ReasonCode::kDeclarationUnreadable);
    CHECK(f.reason == "EnvironmentFile /etc/default/kubelet of kubelet.service unreadable: Permission denied");
  }
}

TEST_CASE("an EnvironmentFile that is read supplies the declared kubelet's flags", "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service", UnitWithEnvironmentFile(false))
               .File("/etc/default/kubelet", kSecureEnvironment)
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == "flag --anonymous-auth declared in /etc/systemd/system/kubelet.service via /etc/default/kubelet, not observed");
}

TEST_CASE("a missing '-' EnvironmentFile is skipped as systemd skips it", "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service",
                     "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --anonymous-auth=false $KUBELET_FLAGS\n")
               .Absent("/etc/default/kubelet")
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.source == "flag --anonymous-auth declared in /etc/systemd/system/kubelet.service, not observed");
}

TEST_CASE("a missing EnvironmentFile without '-' is unverifiable: systemd would not start the unit", "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service", UnitWithEnvironmentFile(false))
               .Absent("/etc/default/kubelet")
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason_code == ReasonCode::kDeclarationUnreadable);
  CHECK(f.reason ==
        "EnvironmentFile /etc/default/kubelet of kubelet.service does not exist and has no '-' prefix: systemd would not "
        "start the unit");
}

TEST_CASE("an EnvironmentFile the collector did not examine leaves the declared kubelet unverifiable", "[systemd]") {
  auto e = EvidenceBuilder().File("/etc/systemd/system/kubelet.service", UnitWithEnvironmentFile(true)).Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "EnvironmentFile /etc/default/kubelet of kubelet.service was not examined by the collector");
}

TEST_CASE("an EnvironmentFile reached through a symlink is read from its target", "[systemd]") {
  auto e = EvidenceBuilder()
               .File("/etc/systemd/system/kubelet.service", UnitWithEnvironmentFile(false))
               .Symlink("/etc/default/kubelet", "/srv/kubelet.env")
               .File("/srv/kubelet.env", kSecureEnvironment)
               .Build();
  Finding f = Anonymous(e);
  CHECK(f.status == CheckStatus::kPass);
}

}  // namespace
}  // namespace kubeproof
