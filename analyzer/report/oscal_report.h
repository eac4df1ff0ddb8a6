// The OSCAL assessment results of one benchmark (schema/REPORT.md, "OSCAL assessment results"):
// one JSON document written while the findings stream from the database in two passes (the
// observations, then the findings), so ten thousand nodes never sit in memory at once.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/report_data.h"
#include "analyzer/store/database.h"
#include "analyzer/waivers/waiver.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

struct OscalReportRequest {
  ReportFilter filter;                // scope and display filters, with the one benchmark
  std::vector<CheckStatus> statuses;  // after waivers; empty keeps all
  WaiverList waivers = NoWaivers();
  std::string today;         // the date waiver expiry is judged on
  std::string generated_on;  // the report's date, YYYY-MM-DD
  // What the result's description says of the scope: the display filters in force, the waiver
  // file and the date its expiry was judged on.
  std::vector<std::string> filters;
  std::string waiver_file;
};

// Writes the document to `out`; returns what became of each waiver. Refuses (before writing
// anything) a bundle whose checksum is not a SHA-256, and a report date outside OSCAL's years.
Result<std::vector<WaiverUse>> WriteOscalReport(Database* db, const OscalReportRequest& request,
                                                std::ostream& out);

}  // namespace kubeproof
