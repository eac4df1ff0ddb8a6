// The HTML report: one self-contained file, written while the findings stream from the database
// in two passes (the summary's counts, then each check's evidence), so ten thousand nodes never
// sit in memory at once.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/changes.h"
#include "analyzer/report/comparison.h"
#include "analyzer/report/html_document.h"
#include "analyzer/report/render_options.h"
#include "analyzer/report/report_data.h"
#include "analyzer/store/database.h"
#include "analyzer/waivers/waiver.h"

namespace kubeproof {

struct HtmlReportRequest {
  ReportFilter filter;                  // scope and display filters; the benchmark is set per table
  std::vector<std::string> benchmarks;  // as BenchmarksToReport orders them
  GroupBy group_by = GroupBy::kCluster;
  std::vector<CheckStatus> statuses;  // after waivers; empty keeps all
  WaiverList waivers = NoWaivers();
  std::string today;  // the date waiver expiry is judged on
  RenderOptions options;
  HtmlReportContext context;
  ChangesFilter changes;  // the previous audit to compare with, when there is one
};

// Writes the report to `out`; returns what became of each waiver.
Result<std::vector<WaiverUse>> WriteHtmlReport(Database* db, const HtmlReportRequest& request,
                                               std::ostream& out);

}  // namespace kubeproof
