// The filter for TOML container runtime configs (profile runtime-config): keeps the one-line
// values whose key path is on the safe list and drops every other key, listing it as redacted.
#pragma once

#include <string>
#include <string_view>

#include "common/redaction.h"
#include "common/safe_settings.h"
#include "common/status.h"

namespace kubeproof {

// Errors: those of ParseTomlLines (the file is then kept by stat only).
Result<std::string> FilterToml(std::string_view content, std::string_view profile, RedactionLog& log,
                               const SafeSettings& safe);

}  // namespace kubeproof
