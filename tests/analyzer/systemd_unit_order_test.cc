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

}  // namespace
}  // namespace kubeproof
