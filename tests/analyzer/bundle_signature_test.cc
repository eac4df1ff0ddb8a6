// Signed bundles as an attacker meets them: every byte changed, a bundle changed and signed again
// with another key, a signature stripped, a signature and manifest that disagree.
#include <catch2/catch.hpp>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/trust_store.h"
#include "common/base64.h"
#include "common/bundle_layout.h"
#include "common/key_files.h"
#include "common/sha256.h"
#include "common/sha256sums.h"
#include "tests/support/bad_bundles.h"

namespace kubeproof {
namespace {

const std::string kSums(bundle::kSumsMember);
const std::string kSig(bundle::kSignatureMember);
const std::string kManifest(bundle::kManifestMember);

SigningKey NewKey() { return std::move(SigningKey::Generate()).value(); }

Result<VerifiedBundle> Verify(const testing::ScratchDir& dir, const std::string& bytes) {
  return ReadVerifiedBundle(testing::WriteFile(dir / "bundle.tar.gz", bytes), ArchiveLimits{});
}

TrustPolicy Trusting(const SigningKey& key, bool require_signed) {
  testing::ScratchDir keys("trusted-keys");
  auto path = testing::WriteFile(keys / "trusted.pub",
                                 FormatOpenSshPublicKey(key.public_key(), "auditor") + "\n");
  TrustPolicy policy;
  policy.trusted = std::move(TrustStore::Load({path.string()})).value();
  policy.require_signed = require_signed;
  return policy;
}

// What an attacker without the key can do: change a member, then recompute SHA256SUMS and the
// manifest so the checksums hold, and sign again with a key of their own.
std::string Forged(const std::string& signed_bytes, const SigningKey& attacker_key) {
  auto members = testing::BundleMembers(signed_bytes);
  members.erase(kSig);
  members.erase(kSums);
  nlohmann::json manifest = nlohmann::json::parse(members.at(kManifest));
  members.erase(kManifest);
  members.at(std::string(bundle::kProcessesMember)) += " ";
  manifest.erase("members");
  testing::BundleContent content;
  content.manifest = manifest;
  content.processes = nlohmann::json::parse(members.at(std::string(bundle::kProcessesMember)));
  content.files = nlohmann::json::parse(members.at(std::string(bundle::kFilesMember)));
  for (const auto& [name, data] : members) {
    if (name.rfind(bundle::kContentPrefix, 0) == 0) content.contents[name] = data;
  }
  return testing::WriteSignedBundle(content, attacker_key);
}

}  // namespace

TEST_CASE("a bundle signed by a trusted key verifies and names its signer as ssh-keygen does",
          "[signature]") {
  testing::ScratchDir dir("signature-ok");
  SigningKey key = NewKey();
  auto verified = Verify(dir, testing::WriteSignedBundle(testing::WorkerBundle(), key));
  INFO(verified.status().message());
  REQUIRE(verified.ok());
  REQUIRE(verified->signer.has_value());
  CHECK(verified->signer->fingerprint == Fingerprint(key.public_key()));
  CHECK(verified->members.count(kSig) == 0);
  auto trust = JudgeSigner(verified->signer, Trusting(key, true));
  REQUIRE(trust.ok());
  CHECK(*trust == SignatureTrust::kSignedTrusted);
}

TEST_CASE("an unsigned bundle is accepted, but refused under --require-signed", "[signature]") {
  testing::ScratchDir dir("signature-unsigned");
  SigningKey key = NewKey();
  auto verified = Verify(dir, testing::WriteBundle(testing::WorkerBundle()));
  REQUIRE(verified.ok());
  CHECK_FALSE(verified->signer.has_value());
  CHECK(*JudgeSigner(verified->signer, Trusting(key, false)) == SignatureTrust::kUnsigned);
  auto refused = JudgeSigner(verified->signer, Trusting(key, true));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("unsigned"));
}

TEST_CASE("a flipped byte in any member of a signed bundle is refused", "[signature]") {
  testing::ScratchDir dir("signature-flip");
  SigningKey key = NewKey();
  const std::string original = testing::WriteSignedBundle(testing::WorkerBundle(), key);
  const auto members = testing::BundleMembers(original);
  REQUIRE(members.count(kSig) == 1);
  REQUIRE(members.size() >= 5);
  for (const auto& [name, data] : members) {
    for (std::size_t at : {std::size_t{0}, data.size() / 2, data.size() - 2}) {
      DYNAMIC_SECTION(name << " byte " << at) {
        auto changed = members;
        changed[name][at] = static_cast<char>(changed[name][at] ^ 0x01);
        auto verified = Verify(dir, testing::PackMembers(changed));
        CHECK_FALSE(verified.ok());
      }
    }
  }
  // The same members packed again, unchanged, still verify: the refusals above are the flips'.
  REQUIRE(Verify(dir, testing::PackMembers(members)).ok());
}

TEST_CASE("a changed signature byte is refused as a signature that does not match", "[signature]") {
  testing::ScratchDir dir("signature-byte");
  SigningKey key = NewKey();
  auto members = testing::BundleMembers(testing::WriteSignedBundle(testing::WorkerBundle(), key));
  nlohmann::json sig = nlohmann::json::parse(members.at(kSig));
  std::string value = sig["signature"];
  value[10] = value[10] == 'A' ? 'B' : 'A';
  sig["signature"] = value;
  members[kSig] = sig.dump(2);
  auto verified = Verify(dir, testing::PackMembers(members));
  REQUIRE_FALSE(verified.ok());
  CHECK_THAT(verified.status().message(), Catch::Contains("does not match SHA256SUMS"));
}

TEST_CASE("a bundle changed and signed again with another key is refused under --require-signed",
          "[signature]") {
  testing::ScratchDir dir("signature-forged");
  SigningKey operator_key = NewKey();
  SigningKey attacker_key = NewKey();
  const std::string forged =
      Forged(testing::WriteSignedBundle(testing::WorkerBundle(), operator_key), attacker_key);
  auto verified = Verify(dir, forged);
  INFO(verified.status().message());
  REQUIRE(verified.ok());  // consistent in itself: only the key gives it away
  auto refused = JudgeSigner(verified->signer, Trusting(operator_key, true));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(),
             Catch::Contains("signed by " + Fingerprint(attacker_key.public_key()) +
                             ", which is not among the trusted keys"));
  CHECK(*JudgeSigner(verified->signer, Trusting(operator_key, false)) ==
        SignatureTrust::kSignedUntrusted);
}

TEST_CASE("a stripped signature is refused while the manifest names its signer", "[signature]") {
  testing::ScratchDir dir("signature-stripped");
  SigningKey key = NewKey();
  auto members = testing::BundleMembers(testing::WriteSignedBundle(testing::WorkerBundle(), key));
  members.erase(kSig);
  auto verified = Verify(dir, testing::PackMembers(members));
  REQUIRE_FALSE(verified.ok());
  CHECK_THAT(verified.status().message(),
             Catch::Contains("manifest.json says " + Fingerprint(key.public_key()) +
                             " signed it, but SHA256SUMS.sig is missing"));
}

TEST_CASE(
    "a stripped signature with the manifest rewritten reads as unsigned and is refused under "
    "--require-signed",
    "[signature]") {
  testing::ScratchDir dir("signature-stripped-rewritten");
  SigningKey key = NewKey();
  auto members = testing::BundleMembers(testing::WriteSignedBundle(testing::WorkerBundle(), key));
  members.erase(kSig);
  nlohmann::json manifest = nlohmann::json::parse(members.at(kManifest));
  manifest.erase("signed_by");
  members[kManifest] = manifest.dump(2) + "\n";
  auto sums = std::move(ParseSha256Sums(members.at(kSums))).value();
  sums[kManifest] = Sha256Hex(members[kManifest]);
  members[kSums] = FormatSha256Sums(sums);
  auto verified = Verify(dir, testing::PackMembers(members));
  INFO(verified.status().message());
  REQUIRE(verified.ok());
  CHECK_FALSE(verified->signer.has_value());
  auto refused = JudgeSigner(verified->signer, Trusting(key, true));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(),
             Catch::Contains("unsigned, and --require-signed is given"));
}

TEST_CASE("a valid signature by a key other than the one the manifest names is refused",
          "[signature]") {
  testing::ScratchDir dir("signature-other-signer");
  SigningKey key = NewKey();
  SigningKey named = NewKey();
  auto members = testing::BundleMembers(testing::WriteSignedBundle(testing::WorkerBundle(), key));
  nlohmann::json manifest = nlohmann::json::parse(members.at(kManifest));
  manifest["signed_by"] = Fingerprint(named.public_key());
  members[kManifest] = manifest.dump(2) + "\n";
  auto sums = std::move(ParseSha256Sums(members.at(kSums))).value();
  sums[kManifest] = Sha256Hex(members[kManifest]);
  members[kSums] = FormatSha256Sums(sums);
  // `key` signs the new SHA256SUMS, so the signature itself holds.
  nlohmann::json sig = nlohmann::json::parse(members.at(kSig));
  sig["signature"] =
      Base64Encode(key.Sign(std::string(bundle::kSignedMessagePrefix) + members[kSums]));
  members[kSig] = sig.dump(2);
  auto verified = Verify(dir, testing::PackMembers(members));
  REQUIRE_FALSE(verified.ok());
  CHECK(verified.status().message() ==
        "SHA256SUMS.sig is signed by " + Fingerprint(key.public_key()) +
            ", but manifest.json names " + Fingerprint(named.public_key()));
}

TEST_CASE("a signature member whose fingerprint does not match its public key is refused",
          "[signature]") {
  testing::ScratchDir dir("signature-fingerprint");
  SigningKey key = NewKey();
  SigningKey other = NewKey();
  auto members = testing::BundleMembers(testing::WriteSignedBundle(testing::WorkerBundle(), key));
  nlohmann::json sig = nlohmann::json::parse(members.at(kSig));
  sig["fingerprint"] = Fingerprint(other.public_key());
  members[kSig] = sig.dump(2);
  auto verified = Verify(dir, testing::PackMembers(members));
  REQUIRE_FALSE(verified.ok());
  CHECK_THAT(verified.status().message(), Catch::Contains("fingerprint does not match public_key"));
}

TEST_CASE("a trust directory takes every key file in it and refuses one holding a private key",
          "[signature]") {
  testing::ScratchDir dir("trust-dir");
  SigningKey a = NewKey();
  SigningKey b = NewKey();
  std::filesystem::create_directory(dir / "keys");
  testing::WriteFile(dir / "keys" / "a.pub", FormatOpenSshPublicKey(a.public_key(), "a") + "\n");
  testing::WriteFile(dir / "keys" / "b.pub", "# the second auditor\n\n" +
                                                 FormatOpenSshPublicKey(b.public_key(), "") + "\n");
  auto store = TrustStore::Load({(dir / "keys").string()});
  REQUIRE(store.ok());
  CHECK(store->size() == 2);
  CHECK(store->Trusts(Fingerprint(a.public_key())));
  CHECK(store->Trusts(Fingerprint(b.public_key())));
  testing::WriteFile(dir / "keys" / "c.key", FormatPrivateKeyPem(a));
  auto refused = TrustStore::Load({(dir / "keys").string()});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("c.key"));
  CHECK_THAT(refused.status().message(), Catch::Contains("not a public key"));
}

}  // namespace kubeproof
