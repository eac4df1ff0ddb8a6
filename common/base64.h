// Base64 in the standard alphabet, from libsodium: signatures, keys and fingerprints as text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubeproof {

// `padded` false drops the trailing '=' (as ssh-keygen prints fingerprints).
std::string Base64Encode(std::string_view bytes, bool padded = true);

// Strict decoding of padded base64; line breaks are skipped. nullopt on anything else.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace kubeproof
