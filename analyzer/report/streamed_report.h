// The reports that hold a table per benchmark and the findings behind it (every format but HTML
// and OSCAL), written in two passes so ten thousand nodes never sit in memory: pass one counts
// each table from finding statuses, pass two streams the findings the format prints (in check
// order: replayed from the spool pass one filled as it counted).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"
#include "analyzer/report/report_data.h"
#include "analyzer/report/report_format.h"
#include "analyzer/store/database.h"
#include "analyzer/waivers/waiver.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

struct ReportRequest {
  ReportFilter filter;                  // its benchmark is set per table
  std::vector<std::string> benchmarks;  // a table each, in this order
  std::optional<GroupBy> group_by;      // unset: each table's DefaultGroupBy
  std::vector<CheckStatus> statuses;    // --status, after waivers; empty for all
  WaiverList waivers = NoWaivers();
  std::string today;                          // the day waiver expiry is judged on
  ReportFormat format = ReportFormat::kText;  // neither kHtml nor kOscal
  RenderOptions options;
};

// Writes the report to `out` and returns what became of each waiver over every table. Nothing is
// written before every table is counted, so a filter a benchmark refuses leaves no output.
Result<std::vector<WaiverUse>> WriteReport(Database* db, const ReportRequest& request,
                                           std::ostream& out);

}  // namespace kubeproof
