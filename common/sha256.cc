#include "common/sha256.h"

#include <nettle/base64.h>
#include <nettle/sha2.h>

namespace kubeproof {

Sha256::Sha256() : ctx_(new sha256_ctx) { sha256_init(ctx_); }

Sha256::~Sha256() { delete ctx_; }

void Sha256::Update(std::string_view data) {
  sha256_update(ctx_, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
}

std::string Sha256::HexDigest() {
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(ctx_, SHA256_DIGEST_SIZE, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_SIZE);
  for (uint8_t byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

std::string Sha256Digest(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  std::string digest(SHA256_DIGEST_SIZE, '\0');
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, reinterpret_cast<uint8_t*>(digest.data()));
  return digest;
}

std::string Sha256Base64(std::string_view data) {
  std::string digest = Sha256Digest(data);
  std::string out(BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE), '\0');
  base64_encode_raw(reinterpret_cast<char*>(out.data()), SHA256_DIGEST_SIZE,
                    reinterpret_cast<const uint8_t*>(digest.data()));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  Sha256 hasher;
  hasher.Update(data);
  return hasher.HexDigest();
}

}  // namespace kubeproof
