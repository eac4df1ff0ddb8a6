#include "common/sha256.h"

#include <catch2/catch.hpp>

#include "common/sha256sums.h"

namespace kubeproof {

TEST_CASE("sha256 of the empty string is the standard digest", "[common]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256 of abc fed in pieces equals the one-shot digest", "[common]") {
  Sha256 hasher;
  hasher.Update("a");
  hasher.Update("bc");
  CHECK(hasher.HexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA256SUMS text round-trips through format and parse", "[common]") {
  DigestMap digests = {{"manifest.json", Sha256Hex("m")}, {"files/etc/a b", Sha256Hex("x")}};
  auto parsed = ParseSha256Sums(FormatSha256Sums(digests));
  REQUIRE(parsed.ok());
  CHECK(*parsed == digests);
}

TEST_CASE("SHA256SUMS parser refuses a duplicate name, a short digest and a missing newline",
          "[common]") {
  std::string line = Sha256Hex("m") + "  manifest.json\n";
  CHECK_FALSE(ParseSha256Sums(line + line).ok());
  CHECK_FALSE(ParseSha256Sums("abc  manifest.json\n").ok());
  CHECK_FALSE(ParseSha256Sums(line.substr(0, line.size() - 1)).ok());
  CHECK_FALSE(ParseSha256Sums(Sha256Hex("m") + " *manifest.json\n").ok());
}

}  // namespace kubeproof
