// Ed25519 keys and signatures: the RFC's test vector, every key file format kubeproof reads, and
// interoperation with the tools operators make keys with (OpenSSL, ssh-keygen).
#include "common/key_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "common/base64.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::ReadWholeFile;
using testing::RunShell;
using testing::TempDir;

std::string FromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += {kDigits[byte >> 4], kDigits[byte & 0xf]};
  }
  return out;
}

std::string PublicHex(const PublicKey& key) {
  return Hex({reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()});
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("Ed25519 signs RFC 8032's first test vector byte for byte", "[keys]") {
  auto key = SigningKey::FromSeed(
      FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  REQUIRE(key.ok());
  CHECK(PublicHex(key->public_key()) ==
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::string signature = key->Sign("");
  CHECK(Hex(signature) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
        "f9b46bd25bf5f0595bbe2465"
        "5141438e7a100b");
  CHECK(VerifySignature(key->public_key(), "", signature));
  CHECK_FALSE(VerifySignature(key->public_key(), "x", signature));
  std::string flipped = signature;
  flipped[0] ^= 1;
  CHECK_FALSE(VerifySignature(key->public_key(), "", flipped));
  CHECK_FALSE(VerifySignature(key->public_key(), "", signature.substr(1)));
}

TEST_CASE("a private key written as PEM reads back as the same key, and its public line parses",
          "[keys]") {
  auto key = SigningKey::Generate();
  REQUIRE(key.ok());
  const std::string pem = FormatPrivateKeyPem(*key);
  CHECK_THAT(pem, Catch::StartsWith("-----BEGIN PRIVATE KEY-----\n"));
  auto read = ParsePrivateKey(pem);
  REQUIRE(read.ok());
  CHECK(read->public_key() == key->public_key());
  auto keys = ParsePublicKeys(FormatOpenSshPublicKey(key->public_key(), "someone@example"));
  REQUIRE(keys.ok());
  REQUIRE(keys->size() == 1);
  CHECK(keys->front() == key->public_key());
}

TEST_CASE("keys from OpenSSL and ssh-keygen read, with the fingerprint ssh-keygen prints",
          "[keys]") {
  TempDir dir;
  const std::string d = dir.path();
  REQUIRE(RunShell("openssl genpkey -algorithm ed25519 -out " + d + "/openssl.key 2>/dev/null") ==
          0);
  REQUIRE(RunShell("openssl pkey -in " + d + "/openssl.key -pubout -out " + d +
                   "/openssl.pub 2>/dev/null") == 0);
  REQUIRE(RunShell("ssh-keygen -q -t ed25519 -N '' -C op@node -f " + d + "/ssh.key") == 0);
  REQUIRE(RunShell("ssh-keygen -l -f " + d + "/ssh.key.pub | cut -d' ' -f2 > " + d + "/ssh.fp") ==
          0);

  auto from_openssl = ParsePrivateKey(ReadWholeFile(d + "/openssl.key"));
  REQUIRE(from_openssl.ok());
  auto openssl_public = ParsePublicKeys(ReadWholeFile(d + "/openssl.pub"));
  REQUIRE(openssl_public.ok());
  CHECK(openssl_public->front() == from_openssl->public_key());

  auto from_ssh = ParsePrivateKey(ReadWholeFile(d + "/ssh.key"));
  INFO(from_ssh.status().message());
  REQUIRE(from_ssh.ok());
  auto ssh_public = ParsePublicKeys(ReadWholeFile(d + "/ssh.key.pub"));
  REQUIRE(ssh_public.ok());
  CHECK(ssh_public->front() == from_ssh->public_key());
  CHECK(Fingerprint(from_ssh->public_key()) == Trimmed(ReadWholeFile(d + "/ssh.fp")));

  // A signature made here verifies with OpenSSL, so an auditor can check without kubeproof.
  testing::WriteFile(d, "message", "kubeproof bundle signature v1\nabc  SHA256SUMS\n");
  testing::WriteFile(d, "message.sig", from_openssl->Sign(ReadWholeFile(d + "/message")));
  CHECK(RunShell("openssl pkeyutl -verify -pubin -inkey " + d + "/openssl.pub -rawin -in " + d +
                 "/message -sigfile " + d + "/message.sig >/dev/null 2>&1") == 0);
}

TEST_CASE("key files kubeproof cannot sign with are refused by what they are, never quoting them",
          "[keys]") {
  TempDir dir;
  const std::string d = dir.path();
  REQUIRE(RunShell("ssh-keygen -q -t ed25519 -N 'a passphrase' -f " + d + "/locked.key") == 0);
  REQUIRE(RunShell("openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:1024 -out " + d +
                   "/rsa.key 2>/dev/null") == 0);
  REQUIRE(RunShell("openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkcs8 -topk8 -v2 "
                   "aes-256-cbc -passout pass:x -out " +
                   d + "/encrypted.pem 2>/dev/null") == 0);
  struct Case {
    std::string file;
    std::string says;
  };
  for (const Case& c :
       {Case{"locked.key", "encrypted with a passphrase"}, Case{"rsa.key", "not Ed25519"},
        Case{"encrypted.pem", "encrypted with a passphrase"},
        Case{"locked.key.pub", "no PEM private key"}}) {
    DYNAMIC_SECTION(c.file) {
      const std::string text = ReadWholeFile(d + "/" + c.file);
      auto key = ParsePrivateKey(text);
      REQUIRE_FALSE(key.ok());
      CHECK_THAT(key.status().message(), Catch::Contains(c.says));
      // No line of the key file shows up in the message.
      std::size_t start = 0;
      while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.size() > 16 && line.find("-----") == std::string::npos) {
          CHECK(key.status().message().find(line) == std::string::npos);
        }
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
  }
  CHECK_FALSE(ParsePublicKeys("ssh-rsa AAAAB3NzaC1yc2E= x\n").ok());
  CHECK_FALSE(ParsePublicKeys("ssh-ed25519 not-base64!\n").ok());
  CHECK_FALSE(ParsePublicKeys("# only a comment\n\n").ok());
  CHECK_THAT(ParsePublicKeys(FormatPrivateKeyPem(*SigningKey::Generate())).status().message(),
             Catch::Contains("not a public key"));
}

TEST_CASE("a private key file must be a regular file of the signing user that nobody else can read",
          "[keys]") {
  TempDir dir;
  const std::string path = dir.path() + "/signing.key";
  testing::WriteFile(dir.path(), "signing.key", FormatPrivateKeyPem(*SigningKey::Generate()));
  ::chmod(path.c_str(), 0600);
  CHECK(ReadPrivateKeyFile(path).ok());
  ::chmod(path.c_str(), 0400);
  CHECK(ReadPrivateKeyFile(path).ok());
  for (mode_t mode : {mode_t{0640}, mode_t{0604}, mode_t{0644}, mode_t{0660}}) {
    DYNAMIC_SECTION("mode " << mode) {
      ::chmod(path.c_str(), mode);
      auto refused = ReadPrivateKeyFile(path);
      REQUIRE_FALSE(refused.ok());
      CHECK_THAT(refused.status().message(), Catch::Contains("chmod 600"));
    }
  }
  ::chmod(path.c_str(), 0600);
  if (::geteuid() == 0) {
    REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
    auto foreign = ReadPrivateKeyFile(path);
    REQUIRE_FALSE(foreign.ok());
    CHECK_THAT(foreign.status().message(), Catch::Contains("not uid 65534"));
  }
  CHECK_FALSE(ReadPrivateKeyFile(dir.path()).ok());
  CHECK_FALSE(ReadPrivateKeyFile(dir.path() + "/absent.key").ok());
}

}  // namespace kubeproof
