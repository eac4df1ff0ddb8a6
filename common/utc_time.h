// Times as bundles and the database write them: UTC, RFC 3339, second precision.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace kubeproof {

std::string FormatUtc(std::time_t t);

// The instant `text` names, written as FormatUtc writes it: a date YYYY-MM-DD is its midnight
// UTC, and a time must be RFC 3339 in UTC with second precision (2026-11-01T10:00:00Z). Nullopt
// for anything else, including a day or hour that does not exist.
std::optional<std::string> ParseUtcInstant(std::string_view text);

}  // namespace kubeproof
