// Report formats: the names `--format` takes and the renderer each one uses.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"
#include "common/status.h"

namespace kubeproof {

enum class ReportFormat { kText, kMarkdown, kJson, kCsv, kJunit, kSarif, kHtml, kOscal };

Result<ReportFormat> ParseReportFormat(std::string_view name);

// Renders with the format's renderer; every renderer is a pure function of its inputs. HTML and
// OSCAL are not rendered whole: they stream from the database (html_report.h, oscal_report.h).
std::string RenderReport(const Comparison& comparison, ReportFormat format, const RenderOptions& options);

}  // namespace kubeproof
