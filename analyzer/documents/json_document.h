// JSON read from untrusted text within DocumentLimits. Depth and nodes are counted by nlohmann's
// parser callback as it reads, so a deep document is never built (copying or printing one
// recurses once per level), and a key repeated in one object is refused instead of the last
// silently winning.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "analyzer/documents/document_limits.h"
#include "common/status.h"

namespace kubeproof {

// Errors: Status::Limit naming the bound passed; Status::Corrupt for malformed JSON or a repeated
// key.
Result<nlohmann::json> ParseJsonDocument(std::string_view text, const DocumentLimits& limits);

}  // namespace kubeproof
