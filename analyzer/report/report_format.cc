#include "analyzer/report/report_format.h"

#include <string>

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

}  // namespace kubeproof
