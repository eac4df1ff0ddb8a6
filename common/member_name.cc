#include "common/member_name.h"

namespace kubeproof {
namespace {

bool IsAllowedNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("._+@=:,~-").find(c) != std::string_view::npos;
}

}  // namespace

bool IsValidMemberName(std::string_view name) {
  if (name.empty() || name.size() > kMaxMemberNameBytes) return false;
  int components = 0;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || ++components > kMaxMemberNameComponents) {
      return false;
    }
    for (char c : part) {
      if (!IsAllowedNameChar(c)) return false;
    }
    start = end + 1;
  }
  return true;
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
