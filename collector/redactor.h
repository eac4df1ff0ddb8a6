// The redactor: removes secret values from file content (per profile) and from command lines,
// without a YAML library. A file it cannot redact with confidence is refused, never guessed at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

enum class RedactionProfile {
  kKubeconfig,        // credentials, exec and auth-provider blocks
  kEncryptionConfig,  // provider `secret` values
  kKubeadmConfig,     // bootstrap tokens, certificate key
  kPodManifest,       // secret-valued flags in command/args, container env `value:`
  kEnvFile,           // systemd units and environment files: secret flags and *TOKEN*=... lines
  kGeneric,           // any other YAML/JSON configuration: secret-looking keys and flags
};

struct RedactedField {
  std::string field;   // the key, flag (with dashes) or variable whose value was removed
  std::string reason;
};

struct Redaction {
  bool ok = false;            // false: the content must not be stored; `refusal` says why
  std::string content;        // the content to store (the original bytes when nothing was removed)
  std::vector<RedactedField> fields;
  std::string refusal;
};

inline constexpr std::string_view kRedactedValue = "<redacted>";

Redaction Redact(std::string_view content, RedactionProfile profile);

// Replaces the values of secret-valued flags in `argv` (from index `first`), also inside k3s
// pass-through flags. Returns the replaced indexes with the flag that carried each value.
struct RedactedArg {
  std::size_t index;
  std::string flag;
};
std::vector<RedactedArg> RedactArguments(std::vector<std::string>& argv, std::size_t first);

// True for a configuration key whose value is a credential under `profile`.
bool IsSecretKey(std::string_view key, RedactionProfile profile);

}  // namespace kubeproof
