// Ed25519 keys and signatures, from libsodium: what signs a bundle or a report and checks it.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubeproof {

struct PublicKey {
  std::array<unsigned char, 32> bytes{};
  bool operator==(const PublicKey& other) const { return bytes == other.bytes; }
};

// A private key. Its secret bytes are wiped when it is destroyed and never leave it but as a
// signature, or through the key file writer.
class SigningKey {
 public:
  // The 32-byte seed RFC 8032 calls the private key.
  static Result<SigningKey> FromSeed(std::string_view seed);
  // A new key from the operating system's random source.
  static Result<SigningKey> Generate();

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& public_key() const { return public_; }
  std::string_view seed() const;
  // The 64-byte detached signature of `message`.
  std::string Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<unsigned char, 64> secret_{};  // seed, then public key: libsodium's layout
  PublicKey public_;
};

// True when `signature` (64 bytes) is `key`'s signature of `message`.
bool VerifySignature(const PublicKey& key, std::string_view message, std::string_view signature);

// The key as OpenSSH encodes it on the wire: string "ssh-ed25519", string key.
std::string OpenSshKeyBlob(const PublicKey& key);

// "SHA256:<base64 without padding>" of the OpenSSH blob: what `ssh-keygen -l` prints for the key.
std::string Fingerprint(const PublicKey& key);

}  // namespace kubeproof
