// The SHA256SUMS member: "<64 hex>  <name>\n" lines, exactly what `sha256sum -c` reads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubeproof {

// Member name -> lowercase hex digest, ordered by name.
using DigestMap = std::map<std::string, std::string>;

std::string FormatSha256Sums(const DigestMap& digests);

// Strict parser: every line must be well-formed, names unique, the file newline-terminated.
Result<DigestMap> ParseSha256Sums(std::string_view text);

}  // namespace kubeproof
