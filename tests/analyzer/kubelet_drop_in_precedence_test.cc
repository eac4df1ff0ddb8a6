// The kubelet's precedence, as components/kubelet.yaml declares it: flags › --config-dir drop-ins
// (only *.conf, in name order, later wins, maps merge, lists replace) › --config file › defaults.
#include <catch2/catch.hpp>

#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FindingFor;

constexpr const char* kConfig = "/var/lib/kubelet/config.yaml";
constexpr const char* kDropIns = "/etc/kubernetes/kubelet.conf.d";

// A kubelet `version` (pid 812) with --config, --config-dir and `extra` flags.
EvidenceBuilder Kubelet(const std::vector<std::string>& extra = {},
                        const std::string& version = "v1.30.2") {
  std::vector<std::string> argv{"/usr/bin/kubelet", std::string("--config=") + kConfig,
                                std::string("--config-dir=") + kDropIns};
  argv.insert(argv.end(), extra.begin(), extra.end());
  EvidenceBuilder b;
  b.KubernetesVersion("kubelet", version).Process("kubelet", argv, 812).Directory(kDropIns);
  return b;
}

std::string DropIn(const std::string& name) { return std::string(kDropIns) + "/" + name; }

const std::string kAnonymousOn = "authentication:\n  anonymous:\n    enabled: true\n";
const std::string kAnonymousOff = "authentication:\n  anonymous:\n    enabled: false\n";

}  // namespace

TEST_CASE("a kubelet drop-in beats its config file, and the finding names the drop-in",
          "[precedence][kubelet]") {
  Evaluation pass = Evaluate(
      Cis16(),
      Kubelet().File(kConfig, kAnonymousOn).File(DropIn("10-harden.conf"), kAnonymousOff).Build(),
      {});
  const Finding& p = FindingFor(pass, "4.2.1");
  CHECK(p.status == CheckStatus::kPass);
  CHECK(p.source ==
        "drop-in " + DropIn("10-harden.conf") + " key authentication.anonymous.enabled");

  Evaluation fail = Evaluate(
      Cis16(),
      Kubelet().File(kConfig, kAnonymousOff).File(DropIn("10-open.conf"), kAnonymousOn).Build(),
      {});
  const Finding& f = FindingFor(fail, "4.2.1");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == "drop-in " + DropIn("10-open.conf") + " key authentication.anonymous.enabled");
}

TEST_CASE("a kubelet flag beats every drop-in", "[precedence][kubelet]") {
  Evaluation pass = Evaluate(Cis16(),
                             Kubelet({"--anonymous-auth=false"})
                                 .File(kConfig, "")
                                 .File(DropIn("90-late.conf"), kAnonymousOn)
                                 .Build(),
                             {});
  CHECK(FindingFor(pass, "4.2.1").status == CheckStatus::kPass);
  CHECK(FindingFor(pass, "4.2.1").source == "flag --anonymous-auth on running kubelet (pid 812)");

  Evaluation fail = Evaluate(Cis16(),
                             Kubelet({"--anonymous-auth=true"})
                                 .File(kConfig, "")
                                 .File(DropIn("90-late.conf"), kAnonymousOff)
                                 .Build(),
                             {});
  CHECK(FindingFor(fail, "4.2.1").status == CheckStatus::kFail);
  CHECK(FindingFor(fail, "4.2.1").source == "flag --anonymous-auth on running kubelet (pid 812)");
}

TEST_CASE(
    "a file in the kubelet's drop-in directory is read only when its extension is exactly .conf",
    "[precedence][kubelet]") {
  auto base = [] { return Kubelet().File(kConfig, "readOnlyPort: 0\n"); };
  Evaluation ignored = Evaluate(Cis16(),
                                base()
                                    .File(DropIn("50-port.yaml"), "readOnlyPort: 10255\n")
                                    .File(DropIn("60-port.conf.bak"), "readOnlyPort: 10255\n")
                                    .File(DropIn("70-port.CONF"), "readOnlyPort: 10255\n")
                                    .Build(),
                                {});
  CHECK(FindingFor(ignored, "4.2.4").status == CheckStatus::kPass);
  CHECK(FindingFor(ignored, "4.2.4").source ==
        std::string("config file ") + kConfig + " key readOnlyPort");

  Evaluation read =
      Evaluate(Cis16(), base().File(DropIn("50-port.conf"), "readOnlyPort: 10255\n").Build(), {});
  CHECK(FindingFor(read, "4.2.4").status == CheckStatus::kFail);
  CHECK(FindingFor(read, "4.2.4").source ==
        "drop-in " + DropIn("50-port.conf") + " key readOnlyPort");
}

TEST_CASE(
    "kubelet drop-ins apply in name order, a subdirectory's files where the subdirectory sorts",
    "[precedence][kubelet]") {
  // filepath.WalkDir: "20-site" sorts before "20-site.conf", so its files apply first.
  Evaluation ev = Evaluate(Cis16(),
                           Kubelet()
                               .File(kConfig, "")
                               .Directory(DropIn("20-site"))
                               .File(DropIn("20-site/10-open.conf"), "readOnlyPort: 10255\n")
                               .File(DropIn("20-site.conf"), "readOnlyPort: 0\n")
                               .Build(),
                           {});
  CHECK(FindingFor(ev, "4.2.4").status == CheckStatus::kPass);
  CHECK(FindingFor(ev, "4.2.4").source ==
        "drop-in " + DropIn("20-site.conf") + " key readOnlyPort");

  Evaluation later = Evaluate(Cis16(),
                              Kubelet()
                                  .File(kConfig, "")
                                  .File(DropIn("20-site.conf"), "readOnlyPort: 0\n")
                                  .Directory(DropIn("30-more"))
                                  .File(DropIn("30-more/10-open.conf"), "readOnlyPort: 10255\n")
                                  .Build(),
                              {});
  CHECK(FindingFor(later, "4.2.4").status == CheckStatus::kFail);
  CHECK(FindingFor(later, "4.2.4").source ==
        "drop-in " + DropIn("30-more/10-open.conf") + " key readOnlyPort");
}

TEST_CASE(
    "a subdirectory of the kubelet's drop-ins the bundle shows nothing of leaves lower settings "
    "unverifiable",
    "[precedence][kubelet]") {
  Evaluation ev = Evaluate(
      Cis16(),
      Kubelet().File(kConfig, "readOnlyPort: 0\n").Directory(DropIn("20-cli-config-dir")).Build(),
      {});
  const Finding& f = FindingFor(ev, "4.2.4");
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "drop-in directory " + DropIn("20-cli-config-dir") + " not collected");
}

TEST_CASE("kubelet drop-ins merge feature gates key by key and replace lists whole",
          "[precedence][kubelet]") {
  Evaluation ev = Evaluate(
      Cis16(),
      Kubelet()
          .File(kConfig,
                "featureGates:\n  RotateKubeletServerCertificate: false\n  SomeGate: true\n"
                "tlsCipherSuites: [TLS_RSA_WITH_RC4_128_SHA, "
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n")
          .File(DropIn("10-gates.conf"), "featureGates:\n  RotateKubeletServerCertificate: true\n")
          .File(DropIn("20-tls.conf"), "tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n")
          .Build(),
      {});
  const Finding& gate = FindingFor(ev, "4.2.12");
  CHECK(gate.status == CheckStatus::kPass);
  CHECK(gate.source ==
        "drop-in " + DropIn("10-gates.conf") + " key featureGates.RotateKubeletServerCertificate");
  const Finding& ciphers = FindingFor(ev, "4.2.13");
  CHECK(ciphers.status == CheckStatus::kPass);  // the file's weak RC4 suite is replaced, not merged
  CHECK(ciphers.source == "drop-in " + DropIn("20-tls.conf") + " key tlsCipherSuites");
}

TEST_CASE(
    "a --config-dir on a kubelet whose version has no such flag makes what drop-ins could set "
    "unverifiable",
    "[precedence][kubelet]") {
  EvidenceBuilder b;
  b.KubernetesVersion("kubelet", "v1.27.9")
      .Process("kubelet",
               {"/usr/bin/kubelet", std::string("--config=") + kConfig,
                std::string("--config-dir=") + kDropIns, "--anonymous-auth=false"},
               812)
      .File(kConfig, "readOnlyPort: 0\n")
      .Directory(kDropIns);
  Evaluation ev = Evaluate(Cis16(), b.Build(), {});
  CHECK(FindingFor(ev, "4.2.1").status ==
        CheckStatus::kPass);  // a flag is known whatever the files say
  const Finding& port = FindingFor(ev, "4.2.4");
  CHECK(port.status == CheckStatus::kUnverifiable);
  CHECK(port.reason ==
        "--config-dir is given, but the kubelet of Kubernetes 1.27 has no such flag");
}

TEST_CASE(
    "a drop-in's zero timeout is kept before 1.32 and defaulted from 1.32, as the kubelet merges",
    "[precedence][kubelet]") {
  auto node = [](const std::string& version) {
    return Kubelet({}, version)
        .File(kConfig, "")
        .File(DropIn("10-idle.conf"), "streamingConnectionIdleTimeout: 0s\n")
        .Build();
  };
  Evaluation kept = Evaluate(Cis16(), node("v1.31.4"), {});
  CHECK(FindingFor(kept, "4.2.5").status == CheckStatus::kFail);
  CHECK(FindingFor(kept, "4.2.5").source ==
        "drop-in " + DropIn("10-idle.conf") + " key streamingConnectionIdleTimeout");
  Evaluation defaulted = Evaluate(Cis16(), node("v1.32.1"), {});
  CHECK(FindingFor(defaulted, "4.2.5").status == CheckStatus::kPass);
  CHECK(FindingFor(defaulted, "4.2.5").actual == "--streaming-connection-idle-timeout = 4h0m0s");
}

}  // namespace kubeproof
