#include "common/ed25519.h"

#include <sodium.h>

#include "common/base64.h"
#include "common/sha256.h"

namespace kubeproof {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

void AppendSshString(std::string_view text, std::string* out) {
  const auto size = static_cast<std::uint32_t>(text.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((size >> shift) & 0xff));
  out->append(text);
}

}  // namespace

Result<SigningKey> SigningKey::FromSeed(std::string_view seed) {
  if (seed.size() != crypto_sign_SEEDBYTES)
    return Status::Corrupt("an Ed25519 private key is 32 bytes");
  if (!SodiumReady()) return Status::IoError("libsodium could not be initialised");
  SigningKey key;
  crypto_sign_seed_keypair(key.public_.bytes.data(), key.secret_.data(),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return key;
}

Result<SigningKey> SigningKey::Generate() {
  if (!SodiumReady()) return Status::IoError("libsodium could not be initialised");
  SigningKey key;
  crypto_sign_keypair(key.public_.bytes.data(), key.secret_.data());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_(other.public_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_ = other.public_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string_view SigningKey::seed() const {
  return {reinterpret_cast<const char*>(secret_.data()), crypto_sign_SEEDBYTES};
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

bool VerifySignature(const PublicKey& key, std::string_view message, std::string_view signature) {
  if (signature.size() != crypto_sign_BYTES || !SodiumReady()) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.bytes.data()) == 0;
}

std::string OpenSshKeyBlob(const PublicKey& key) {
  std::string blob;
  AppendSshString("ssh-ed25519", &blob);
  AppendSshString({reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()}, &blob);
  return blob;
}

std::string Fingerprint(const PublicKey& key) {
  return "SHA256:" + Base64Encode(Sha256Digest(OpenSshKeyBlob(key)), false);
}

}  // namespace kubeproof
