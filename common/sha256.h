// SHA-256 digests, from nettle, as lowercase hex: the checksum of every bundle member.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sha256_ctx;

namespace kubeproof {

// Incremental hasher for data that arrives in blocks.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Returns the hex digest; the hasher is reset afterwards.
  std::string HexDigest();

 private:
  sha256_ctx* ctx_;
};

std::string Sha256Hex(std::string_view data);

// The 32 raw digest bytes.
std::string Sha256Digest(std::string_view data);

// The digest in standard base64, as a Content-Security-Policy hash source names it.
std::string Sha256Base64(std::string_view data);

}  // namespace kubeproof
