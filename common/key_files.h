// Ed25519 key files: private keys in PEM (PKCS #8, as `openssl genpkey -algorithm ed25519`
// writes) or OpenSSH format (`ssh-keygen -t ed25519`), public keys as OpenSSH lines or PEM.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

// An unencrypted private key. Errors say what the text is instead (an encrypted key, a public
// key, another algorithm) and never quote it.
Result<SigningKey> ParsePrivateKey(std::string_view text);

// Reads `path` as a private key file, which must be a regular file owned by the user running
// this program and readable by nobody else (mode 0600 or 0400), as ssh requires of its keys.
Result<SigningKey> ReadPrivateKeyFile(const std::string& path);

// Every public key in `text`: "ssh-ed25519 <base64> [comment]" lines (blank lines and '#'
// comments skipped, as in authorized_keys) or PEM "PUBLIC KEY" blocks. Fails on anything else,
// and on text holding no key.
Result<std::vector<PublicKey>> ParsePublicKeys(std::string_view text);

// PKCS #8 PEM, which OpenSSL reads too.
std::string FormatPrivateKeyPem(const SigningKey& key);

// "ssh-ed25519 <base64> <comment>", without a line end; no comment when it is empty.
std::string FormatOpenSshPublicKey(const PublicKey& key, std::string_view comment);

}  // namespace kubeproof
