#include "analyzer/documents/document_limits.h"

#include <cstdio>

namespace kubeproof {

std::string QuotedKey(std::string_view key) {
  constexpr std::size_t kShown = 80;
  std::string out = "\"";
  for (char c : key.substr(0, kShown)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + (key.size() > kShown ? "...\"" : "\"");
}

}  // namespace kubeproof
