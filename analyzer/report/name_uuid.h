// Name-based UUIDs (RFC 4122 version 5, SHA-1): a namespace and a name always give the same UUID.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kubeproof {

using Uuid = std::array<std::uint8_t, 16>;

// RFC 4122 appendix C's namespaces: 6ba7b810-9dad-11d1-80b4-00c04fd430c8 (DNS names) and
// 6ba7b811-... (URLs).
inline constexpr Uuid kDnsNamespace = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
inline constexpr Uuid kUrlNamespace = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

// The version-5 UUID of `name` in `name_space`: SHA-1 of the namespace's bytes and the name, with
// the version and variant bits set.
Uuid NameUuid(const Uuid& name_space, std::string_view name);

// Lowercase 8-4-4-4-12 hex, e.g. 886313e1-3b8a-5372-9b90-0c9aee199e5d.
std::string FormatUuid(const Uuid& uuid);

}  // namespace kubeproof
