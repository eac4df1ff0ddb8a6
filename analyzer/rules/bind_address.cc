#include "analyzer/rules/bind_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace kubeproof {
namespace {

// A dotted-quad IPv4 address, each part decimal up to 255 (leading zeros allowed).
std::optional<std::array<int, 4>> ParseIpv4(const std::string& text) {
  std::array<int, 4> parts{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t digits = 0;
    int value = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      value = std::min(value * 10 + (text[pos++] - '0'), 256);
      ++digits;
    }
    if (digits == 0 || value > 255) return std::nullopt;
    parts[i] = value;
    if (i + 1 < parts.size() && (pos >= text.size() || text[pos++] != '.')) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return parts;
}

bool IsLoopbackIpv6(const std::string& text) {
  std::array<unsigned char, 16> bytes{};
  if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return false;
  bool zero_prefix =
      std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; });
  bool ipv6_loopback = zero_prefix && bytes[10] == 0 && bytes[11] == 0 && bytes[12] == 0 &&
                       bytes[13] == 0 && bytes[14] == 0 && bytes[15] == 1;
  bool mapped_ipv4_loopback =
      zero_prefix && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127;
  return ipv6_loopback || mapped_ipv4_loopback;
}

}  // namespace

std::string BindHost(const std::string& address) {
  if (!address.empty() && address.front() == '[') {
    std::size_t close = address.find(']');
    return close == std::string::npos ? address : address.substr(1, close - 1);
  }
  std::size_t colon = address.find(':');
  // Several colons without brackets: a bare IPv6 address, no port.
  if (colon == std::string::npos || address.find(':', colon + 1) != std::string::npos)
    return address;
  return address.substr(0, colon);
}

bool IsLoopbackHost(const std::string& host) {
  std::string lower = host;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "localhost") return true;
  if (auto v4 = ParseIpv4(host)) return (*v4)[0] == 127;
  return IsLoopbackIpv6(host);
}

}  // namespace kubeproof
