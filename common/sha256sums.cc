#include "common/sha256sums.h"

namespace kubeproof {
namespace {

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string FormatSha256Sums(const DigestMap& digests) {
  std::string out;
  for (const auto& [name, digest] : digests) {
    out += digest;
    out += "  ";
    out += name;
    out += '\n';
  }
  return out;
}

Result<DigestMap> ParseSha256Sums(std::string_view text) {
  DigestMap digests;
  if (!text.empty() && text.back() != '\n') return Status::Corrupt("SHA256SUMS: last line not terminated");
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::string where = "SHA256SUMS line " + std::to_string(line_no);
    // Binary-mode lines ("<hex> *name") are not produced by us and not accepted.
    if (line.size() < 67 || line.substr(64, 2) != "  " || !IsLowerHex(line.substr(0, 64))) {
      return Status::Corrupt(where + ": not '<sha256>  <name>'");
    }
    std::string name(line.substr(66));
    if (!digests.emplace(name, std::string(line.substr(0, 64))).second) {
      return Status::Corrupt(where + ": '" + name + "' listed twice");
    }
  }
  return digests;
}

}  // namespace kubeproof
