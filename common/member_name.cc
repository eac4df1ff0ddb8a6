#include "common/member_name.h"

#include <cstdint>

namespace kubeproof {
namespace {

bool IsAllowedNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._+@=:,~-").find(c) != std::string_view::npos;
}

// Well-formed UTF-8: no stray continuation bytes, no overlong forms, no surrogates, <= U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
    if (n == 4 || n > text.size() - i - 1) return false;
    std::uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

bool IsValidMemberName(std::string_view name) { return MemberNameProblem(name).empty(); }

std::string_view MemberNameProblem(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name.size() > kMaxMemberNameBytes) return "longer than 1024 bytes";
  if (name[0] == '/') return "absolute path";
  int components = 0;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part.empty()) return "empty component";
    if (part == ".") return "'.' component";
    if (part == "..") return "'..' component";
    if (++components > kMaxMemberNameComponents) return "more than 64 components";
    for (char c : part) {
      auto byte = static_cast<unsigned char>(c);
      if (c == '\\') return "backslash";
      if (byte < 0x20 || byte == 0x7f) return "control character";
      if (byte >= 0x80) return IsValidUtf8(name) ? "non-ASCII character" : "not valid UTF-8";
      if (!IsAllowedNameChar(c)) return "character outside [A-Za-z0-9._+@=:,~-]";
    }
    start = end + 1;
  }
  return {};
}

std::string DisplayName(std::string_view name) {
  constexpr size_t kMaxShown = 120;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (out.size() >= kMaxShown) {
      out += "...";
      break;
    }
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace kubeproof
