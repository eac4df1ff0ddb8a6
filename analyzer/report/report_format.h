// Report formats: the names `--format` takes.
#pragma once

#include <string_view>

#include "common/status.h"

namespace kubeproof {

enum class ReportFormat { kText, kMarkdown, kJson, kCsv, kJunit, kSarif, kHtml, kOscal };

Result<ReportFormat> ParseReportFormat(std::string_view name);

}  // namespace kubeproof
