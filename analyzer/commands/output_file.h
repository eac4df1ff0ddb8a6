// Report files that appear only when complete: a failed report never leaves half a file behind.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "common/status.h"

namespace kubeproof {

// Writes to `path` through a temporary file beside it, renamed into place once `write` succeeded
// and every byte reached the disk's cache; on failure the temporary file is removed.
Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write);

// A report rendered whole: to `path` as above, or to standard output when there is none.
Status WriteReportText(const std::optional<std::string>& path, const std::string& text);

}  // namespace kubeproof
