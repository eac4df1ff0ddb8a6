// CIS 1.2.34: secrets are encrypted at rest only when the first provider of the first resources
// entry that covers them encrypts; a later provider only decrypts what was written before.
#include <catch2/catch.hpp>

#include "analyzer/evidence/evidence_filter.h"
#include "analyzer/rules/evaluator.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

using testing::Cis16;
using testing::EvidenceBuilder;
using testing::FindingFor;

constexpr const char* kEncryptionConfig = "/etc/kubernetes/enc/encryption-config.yaml";

// An API server whose encryption config holds `resources`, filtered by the safe list as the
// collector and the analyzer filter it, so the rule sees only what a bundle can carry.
Evaluation WithResources(const std::string& resources) {
  NodeEvidence e = EvidenceBuilder()
                       .KubernetesVersion("kube-apiserver", "v1.27.3")
                       .Process("kube-apiserver",
                                {"kube-apiserver", std::string("--encryption-provider-config=") + kEncryptionConfig}, 1234)
                       .File(kEncryptionConfig,
                             "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n" +
                                 resources,
                             {0600})
                       .Build();
  for (auto& f : e.files) {
    if (f.path == kEncryptionConfig) f.content_profile = "encryption-config";
  }
  REQUIRE(ApplySafeList(&e).ok());
  for (const auto& f : e.files) {
    if (f.path == kEncryptionConfig) {
      REQUIRE(f.content);
      CHECK(f.content->find("c2VjcmV0LWtleS1tYXRlcmlhbA==") == std::string::npos);
    }
  }
  return Evaluate(Cis16(), e, {});
}

constexpr const char* kAescbc = "  - aescbc:\n      keys:\n      - name: key1\n        secret: c2VjcmV0LWtleS1tYXRlcmlhbA==\n";
constexpr const char* kIdentity = "  - identity: {}\n";

}  // namespace

TEST_CASE("identity listed before aescbc for secrets fails 1.2.34: new secrets are written in plaintext",
          "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources(std::string("- resources: [secrets]\n  providers:\n") + kIdentity + kAescbc);
  const Finding& f = FindingFor(ev, "1.2.34");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.reason.find("secrets are written with identity") != std::string::npos);
}

TEST_CASE("aescbc listed before identity for secrets passes 1.2.34", "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources(std::string("- resources: [secrets]\n  providers:\n") + kAescbc + kIdentity);
  const Finding& f = FindingFor(ev, "1.2.34");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.reason.find("secrets are written with aescbc") != std::string::npos);
}

TEST_CASE("a *.* wildcard entry with identity first fails 1.2.34 even after an encrypted entry for other resources",
          "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources(std::string("- resources: [configmaps]\n  providers:\n") + kAescbc +
                                "- resources: ['*.*']\n  providers:\n" + kIdentity);
  CHECK(FindingFor(ev, "1.2.34").status == CheckStatus::kFail);
}

TEST_CASE("the first entry covering secrets decides 1.2.34, not a later wildcard", "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources(std::string("- resources: [secrets.]\n  providers:\n  - kms:\n      name: vault\n") +
                                "- resources: ['*.*']\n  providers:\n" + kIdentity);
  const Finding& f = FindingFor(ev, "1.2.34");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.reason.find("secrets are written with kms") != std::string::npos);
}

TEST_CASE("the core-group wildcard *. covers secrets for 1.2.34", "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources("- resources: ['*.']\n  providers:\n  - secretbox:\n      keys:\n      - name: k\n"
                                "        secret: c2VjcmV0LWtleS1tYXRlcmlhbA==\n");
  CHECK(FindingFor(ev, "1.2.34").status == CheckStatus::kPass);
}

TEST_CASE("an encryption config with no entry for secrets fails 1.2.34", "[rules][cis-1.6.0]") {
  Evaluation ev = WithResources(std::string("- resources: [configmaps, '*.apps']\n  providers:\n") + kAescbc);
  const Finding& f = FindingFor(ev, "1.2.34");
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.reason.find("no resources entry covers secrets") != std::string::npos);
}

}  // namespace kubeproof
