// The chain of custody from the command line: keygen, signed bundles through verify and ingest
// under --trust/--require-signed, reports naming each bundle's signer, signed reports and
// verify-report.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "common/key_files.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

using testing::KubeproofBinary;
using testing::RunProgram;

constexpr int kExitOk = 0;
constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;

testing::ProgramResult Kubeproof(std::vector<std::string> args) {
  args.insert(args.begin(), KubeproofBinary());
  return RunProgram(args);
}

// A key pair made by `kubeproof keygen` in `dir`: returns the private key's path.
std::string Keygen(const testing::ScratchDir& dir, const std::string& name) {
  const std::string path = (dir / name).string();
  auto made = Kubeproof({"keygen", "-o", path});
  INFO(made.err);
  REQUIRE(made.exit_code == kExitOk);
  return path;
}

std::string Fingerprint(const std::string& private_key_path) {
  auto key = ReadPrivateKeyFile(private_key_path);
  REQUIRE(key.ok());
  return kubeproof::Fingerprint(key->public_key());
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string SignedWorker(const testing::ScratchDir& dir, const std::string& node,
                         const std::string& key_path) {
  auto key = ReadPrivateKeyFile(key_path);
  REQUIRE(key.ok());
  return testing::WriteFile(dir / (node + ".tar.gz"),
                            testing::WriteSignedBundle(testing::WorkerBundle(node), *key))
      .string();
}

}  // namespace

TEST_CASE(
    "keygen writes a private key only its owner reads and a public key, and never replaces either",
    "[signature][cli]") {
  testing::ScratchDir dir("keygen");
  const std::string key = Keygen(dir, "auditor.key");
  struct stat st {};
  REQUIRE(::stat(key.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string pub = ReadAll(key + ".pub");
  CHECK_THAT(pub, Catch::StartsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"));
  CHECK_THAT(pub, Catch::EndsWith(" kubeproof\n"));
  const std::string before = ReadAll(key);
  auto again = Kubeproof({"keygen", "-o", key});
  CHECK(again.exit_code == kExitUsage);
  CHECK_THAT(again.err, Catch::Contains("exists"));
  CHECK(ReadAll(key) == before);
  // Its own output names the fingerprint the key files give.
  std::filesystem::remove(key);
  std::filesystem::remove(key + ".pub");
  auto made = Kubeproof({"keygen", "-o", key});
  CHECK_THAT(made.out, Catch::Contains("fingerprint " + Fingerprint(key)));
}

TEST_CASE(
    "ingest --require-signed stores the bundles a trusted key signed and refuses the rest, storing "
    "nothing of them",
    "[signature][cli]") {
  testing::ScratchDir dir("signed-ingest");
  const std::string operator_key = Keygen(dir, "operator.key");
  const std::string attacker_key = Keygen(dir, "attacker.key");
  const std::string good = SignedWorker(dir, "worker-1", operator_key);
  const std::string untrusted = SignedWorker(dir, "worker-2", attacker_key);
  const std::string unsigned_bundle =
      testing::WriteFile(dir / "worker-3.tar.gz",
                         testing::WriteBundle(testing::WorkerBundle("worker-3")))
          .string();
  auto flipped_members = testing::BundleMembers(ReadAll(good));
  flipped_members["evidence/files.json"][5] ^= 0x01;
  const std::string flipped =
      testing::WriteFile(dir / "worker-4.tar.gz", testing::PackMembers(flipped_members)).string();
  const auto db = dir / "audit.db";

  auto usage = Kubeproof({"ingest", "--db", db.string(), "--require-signed", good});
  CHECK(usage.exit_code == kExitUsage);
  CHECK_THAT(usage.err, Catch::Contains("--require-signed needs --trust"));
  CHECK_FALSE(std::filesystem::exists(db));

  auto ingest = Kubeproof({"ingest", "--db", db.string(), "--trust", operator_key + ".pub",
                           "--require-signed", good, untrusted, unsigned_bundle, flipped});
  INFO(ingest.err);
  CHECK(ingest.exit_code == kExitRejected);
  CHECK_THAT(ingest.err,
             Catch::Contains(untrusted + ": refused: signed by " + Fingerprint(attacker_key) +
                             ", which is not among the trusted keys (--trust)"));
  CHECK_THAT(ingest.err, Catch::Contains(unsigned_bundle +
                                         ": refused: unsigned, and --require-signed is given"));
  CHECK_THAT(ingest.err,
             Catch::Contains(flipped + ": refused: member evidence/files.json: SHA-256 mismatch"));
  CHECK_THAT(ingest.err, Catch::Contains("4 bundle(s): 1 added, 0 already present, 3 refused"));
  CHECK(
      testing::QueryValue(
          db, "SELECT group_concat(node || ' ' || signer || ' ' || signer_trusted) FROM bundles") ==
      "worker-1 " + Fingerprint(operator_key) + " 1");

  // Without --require-signed, the untrusted and unsigned ones are stored, and say so.
  auto lenient = Kubeproof({"ingest", "--db", db.string(), "--trust", operator_key + ".pub",
                            untrusted, unsigned_bundle});
  CHECK(lenient.exit_code == kExitOk);
  CHECK(testing::QueryValue(db,
                            "SELECT COALESCE(signer, 'unsigned') || ' ' || "
                            "COALESCE(signer_trusted, '-') FROM bundles "
                            "WHERE node = 'worker-2'") == Fingerprint(attacker_key) + " 0");
  CHECK(testing::QueryValue(db,
                            "SELECT COALESCE(signer, 'unsigned') || ' ' || "
                            "COALESCE(signer_trusted, '-') FROM bundles "
                            "WHERE node = 'worker-3'") == "unsigned -");

  // Every report names each bundle's signer.
  auto text = Kubeproof({"report", "--db", db.string(), "--by", "node"});
  CHECK_THAT(text.out, Catch::Contains(Fingerprint(operator_key) + " (trusted)"));
  CHECK_THAT(text.out, Catch::Contains(Fingerprint(attacker_key) + " (key not trusted)"));
  CHECK_THAT(text.out, Catch::Contains("    unsigned\n"));
  auto json = Kubeproof({"report", "--db", db.string(), "--format", "json"});
  auto doc = nlohmann::json::parse(json.out);
  REQUIRE(doc["bundles"].size() == 3);
  CHECK(doc["bundles"][0]["signed_by"] == Fingerprint(operator_key));
  CHECK(doc["bundles"][0]["signer_trusted"] == true);
  CHECK(doc["bundles"][2]["signed_by"].is_null());
  auto csv = Kubeproof({"report", "--db", db.string(), "--format", "csv"});
  CHECK_THAT(csv.out, Catch::Contains("," + Fingerprint(attacker_key) + ",0\n"));
  auto verify =
      Kubeproof({"verify", "--trust", operator_key + ".pub", good, untrusted, unsigned_bundle});
  CHECK(verify.out == good + ": OK (signed by " + Fingerprint(operator_key) + ", trusted)\n" +
                          untrusted + ": OK (signed by " + Fingerprint(attacker_key) +
                          ", key not trusted)\n" + unsigned_bundle + ": OK (unsigned)\n");
}

TEST_CASE(
    "a signed report verifies, and a changed byte, another key or a changed statement does not",
    "[signature][cli]") {
  testing::ScratchDir dir("signed-report");
  const std::string key = Keygen(dir, "auditor.key");
  const std::string other = Keygen(dir, "other.key");
  const auto db = dir / "audit.db";
  const std::string bundle = SignedWorker(dir, "worker-1", key);
  REQUIRE(Kubeproof({"ingest", "--db", db.string(), "--trust", key + ".pub", bundle}).exit_code ==
          kExitOk);
  const std::string report = (dir / "audit.md").string();

  auto signed_report = Kubeproof(
      {"report", "--db", db.string(), "--format", "markdown", "-o", report, "--sign-key", key});
  INFO(signed_report.err);
  REQUIRE(signed_report.exit_code == kExitOk);
  REQUIRE(std::filesystem::exists(report + ".sig"));
  auto ok = Kubeproof({"verify-report", "--trust", key + ".pub", report});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == kExitOk);
  CHECK_THAT(ok.out,
             Catch::StartsWith(report + ": OK (signed by " + Fingerprint(key) + ", trusted)\n"));
  CHECK_THAT(ok.out, Catch::Contains("benchmarks: cis-1.6.0"));
  const std::string bundle_sha = testing::QueryValue(db, "SELECT sha256 FROM bundles");
  CHECK_THAT(ok.out, Catch::Contains("rests on 1 bundle(s):\n    " + bundle_sha + "\n"));

  auto untrusted = Kubeproof({"verify-report", "--trust", other + ".pub", report});
  CHECK(untrusted.exit_code == kExitRejected);
  CHECK_THAT(untrusted.out, Catch::Contains("not among the trusted keys"));

  const std::string original = ReadAll(report);
  std::string changed = original;
  changed[changed.size() / 2] ^= 0x01;
  testing::WriteFile(report, changed);
  auto flipped = Kubeproof({"verify-report", report});
  CHECK(flipped.exit_code == kExitRejected);
  CHECK_THAT(flipped.out, Catch::Contains("changed after signing"));
  testing::WriteFile(report, original);

  nlohmann::json sig = nlohmann::json::parse(ReadAll(report + ".sig"));
  sig["statement"]["benchmarks"] = {"cis-1.12.0"};
  testing::WriteFile(report + ".sig", sig.dump(2));
  auto restated = Kubeproof({"verify-report", report});
  CHECK(restated.exit_code == kExitRejected);
  CHECK_THAT(restated.out, Catch::Contains("the signature does not match the statement"));
}

TEST_CASE("report --sign-key refuses before writing: without -o, and with a key others can read",
          "[signature][cli]") {
  testing::ScratchDir dir("signed-report-refused");
  const std::string key = Keygen(dir, "auditor.key");
  const auto db = dir / "audit.db";
  const std::string bundle = SignedWorker(dir, "worker-1", key);
  REQUIRE(Kubeproof({"ingest", "--db", db.string(), bundle}).exit_code == kExitOk);
  auto no_output = Kubeproof({"report", "--db", db.string(), "--sign-key", key});
  CHECK(no_output.exit_code == kExitUsage);
  CHECK(no_output.out.empty());
  ::chmod(key.c_str(), 0644);
  const std::string report = (dir / "audit.txt").string();
  auto open_key = Kubeproof({"report", "--db", db.string(), "-o", report, "--sign-key", key});
  CHECK(open_key.exit_code == kExitUsage);
  CHECK_THAT(open_key.err, Catch::Contains("chmod 600"));
  CHECK_FALSE(std::filesystem::exists(report));
  CHECK_FALSE(std::filesystem::exists(report + ".sig"));
}

}  // namespace kubeproof
