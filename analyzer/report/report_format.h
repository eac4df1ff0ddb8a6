// Report formats: the names `--format` takes and the renderer each one uses.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"
#include "common/status.h"

namespace kubeproof {

enum class ReportFormat { kText, kMarkdown, kJson, kCsv, kJunit, kSarif, kHtml };

Result<ReportFormat> ParseReportFormat(std::string_view name);

// Renders with the format's renderer; every renderer is a pure function of its inputs. HTML is
// not rendered whole: it streams from the database (html_report.h).
std::string RenderReport(const Comparison& comparison, ReportFormat format, const RenderOptions& options);

}  // namespace kubeproof
