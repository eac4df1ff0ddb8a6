// Structured files (YAML, multi-document YAML, JSON) by allow-list: parsed with libyaml, every
// scalar not at a safe key path of the file's profile replaced by kRedactedValue, keys and
// structure kept, comments dropped, written back as YAML.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/redaction.h"
#include "common/safe_settings.h"
#include "common/status.h"

namespace kubeproof {

struct StructuredLimits {
  int max_depth = 64;
  std::size_t max_nodes = 200000;  // counted after alias expansion
};

// Errors: Status::Corrupt when the text is not YAML/JSON, Status::Limit when a bound is passed;
// either way nothing of the content may be kept.
Result<std::string> FilterStructured(std::string_view text, std::string_view profile, RedactionLog& log,
                                     const SafeSettings& safe = SafeSettings::Builtin(),
                                     const StructuredLimits& limits = StructuredLimits());

}  // namespace kubeproof
