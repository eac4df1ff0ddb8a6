// k3s reads its options from config.yaml, then config.yaml.d/*.yaml|*.yml in name order: a later
// file replaces a key, `key+:` appends to it, and its own command line comes after both.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FindingFor;

constexpr const char* kConfig = "/etc/rancher/k3s/config.yaml";
constexpr const char* kDropIns = "/etc/rancher/k3s/config.yaml.d";

// A k3s v1.32 server (pid 77) with `config` in config.yaml and the drop-in directory recorded.
EvidenceBuilder K3s(const std::string& config,
                    std::vector<std::string> argv = {"/usr/local/bin/k3s", "server"}) {
  EvidenceBuilder b;
  b.KubernetesVersion("k3s", "v1.32.5+k3s1")
      .Process("k3s-server", std::move(argv), 77)
      .File(kConfig, config)
      .Directory(kDropIns);
  return b;
}

std::string DropIn(const std::string& name) { return std::string(kDropIns) + "/" + name; }

}  // namespace

TEST_CASE("a later k3s config drop-in replaces a key of the config file", "[precedence][k3s]") {
  Evaluation pass =
      Evaluate(Cis16(),
               K3s("kube-apiserver-arg:\n  - profiling=true\n")
                   .File(DropIn("50-harden.yaml"), "kube-apiserver-arg:\n  - profiling=false\n")
                   .Build(),
               {});
  const Finding& p = FindingFor(pass, "1.2.21");
  CHECK(p.status == CheckStatus::kPass);
  CHECK(p.source == "flag --profiling for kube-apiserver from k3s config drop-in " +
                        DropIn("50-harden.yaml") + " key kube-apiserver-arg");

  Evaluation fail =
      Evaluate(Cis16(),
               K3s("kube-apiserver-arg:\n  - profiling=false\n")
                   .File(DropIn("50-debug.yml"), "kube-apiserver-arg:\n  - profiling=true\n")
                   .Build(),
               {});
  CHECK(FindingFor(fail, "1.2.21").status == CheckStatus::kFail);
}

TEST_CASE("key+ in a k3s config drop-in appends to the list the config file set",
          "[precedence][k3s]") {
  const std::string config = "kube-apiserver-arg:\n  - audit-log-path=/var/log/k3s-audit.log\n";
  Evaluation appended =
      Evaluate(Cis16(),
               K3s(config)
                   .File(DropIn("10-audit.yaml"), "kube-apiserver-arg+:\n  - audit-log-maxage=30\n")
                   .Build(),
               {});
  CHECK(FindingFor(appended, "1.2.22").status == CheckStatus::kPass);
  CHECK(FindingFor(appended, "1.2.23").status == CheckStatus::kPass);
  CHECK(FindingFor(appended, "1.2.23").source ==
        "flag --audit-log-maxage for kube-apiserver from k3s config drop-in " +
            DropIn("10-audit.yaml") + " key kube-apiserver-arg+");

  Evaluation replaced =
      Evaluate(Cis16(),
               K3s(config)
                   .File(DropIn("10-audit.yaml"), "kube-apiserver-arg:\n  - audit-log-maxage=30\n")
                   .Build(),
               {});
  CHECK(FindingFor(replaced, "1.2.22").status == CheckStatus::kFail);
  CHECK(FindingFor(replaced, "1.2.23").status == CheckStatus::kPass);
}

TEST_CASE("k3s config drop-ins apply in name order, and only *.yaml and *.yml are read",
          "[precedence][k3s]") {
  Evaluation ev =
      Evaluate(Cis16(),
               K3s("")
                   .File(DropIn("10-a.yaml"), "kube-apiserver-arg:\n  - profiling=true\n")
                   .File(DropIn("20-b.YML"), "kube-apiserver-arg:\n  - profiling=false\n")
                   .File(DropIn("30-c.txt"), "kube-apiserver-arg:\n  - profiling=true\n")
                   .File(DropIn("40-d.yaml.bak"), "kube-apiserver-arg:\n  - profiling=true\n")
                   .Build(),
               {});
  CHECK(FindingFor(ev, "1.2.21").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.21").source ==
        "flag --profiling for kube-apiserver from k3s config drop-in " + DropIn("20-b.YML") +
            " key kube-apiserver-arg");
}

TEST_CASE("k3s's own command line comes after its config files", "[precedence][k3s]") {
  Evaluation ev =
      Evaluate(Cis16(),
               K3s("kube-apiserver-arg:\n  - profiling=true\n",
                   {"/usr/local/bin/k3s", "server", "--kube-apiserver-arg=profiling=false"})
                   .Build(),
               {});
  CHECK(FindingFor(ev, "1.2.21").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "1.2.21").source ==
        "flag --profiling for kube-apiserver from flag --kube-apiserver-arg on running k3s-server "
        "(pid 77)");
}

TEST_CASE("a k3s config drop-in directory the bundle lacks leaves what it could set unverifiable",
          "[precedence][k3s]") {
  EvidenceBuilder b;
  b.KubernetesVersion("k3s", "v1.32.5+k3s1")
      .Process("k3s-server",
               {"/usr/local/bin/k3s", "server", "--kube-apiserver-arg=anonymous-auth=false"}, 77)
      .File(kConfig, "");
  Evaluation ev = Evaluate(Cis16(), b.Build(), {});
  const Finding& profiling = FindingFor(ev, "1.2.21");
  CHECK(profiling.status == CheckStatus::kUnverifiable);
  CHECK(profiling.reason ==
        std::string("k3s config drop-in directory ") + kDropIns + " not collected");
  // A scalar on k3s's own command line comes after every config file: known whatever they say.
  CHECK(FindingFor(ev, "1.2.1").status == CheckStatus::kPass);
}

}  // namespace kubeproof
