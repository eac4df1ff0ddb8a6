#include "analyzer/report/report_format.h"

#include "analyzer/report/csv_renderer.h"
#include "analyzer/report/json_renderer.h"
#include "analyzer/report/junit_renderer.h"
#include "analyzer/report/markdown_renderer.h"
#include "analyzer/report/sarif_renderer.h"
#include "analyzer/report/text_renderer.h"

namespace kubeproof {

Result<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "markdown") return ReportFormat::kMarkdown;
  if (name == "json") return ReportFormat::kJson;
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "junit") return ReportFormat::kJunit;
  if (name == "sarif") return ReportFormat::kSarif;
  if (name == "html") return ReportFormat::kHtml;
  if (name == "oscal") return ReportFormat::kOscal;
  return Status::InvalidArgument("unknown format " + std::string(name) + " (text, markdown, json, csv, junit, sarif, html, oscal)");
}

std::string RenderReport(const Comparison& comparison, ReportFormat format, const RenderOptions& options) {
  switch (format) {
    case ReportFormat::kText: return RenderText(comparison, options);
    case ReportFormat::kMarkdown: return RenderMarkdown(comparison, options);
    case ReportFormat::kJson: return RenderJson(comparison, options);
    case ReportFormat::kCsv: return RenderCsv(comparison);
    case ReportFormat::kJunit: return RenderJunit(comparison);
    case ReportFormat::kSarif: return RenderSarif(comparison);
    case ReportFormat::kHtml:
    case ReportFormat::kOscal: break;
  }
  return "";
}

}  // namespace kubeproof
