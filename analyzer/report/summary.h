// Summary: a benchmark's table built from finding statuses alone, and the two rules every report
// applies to a finding before showing it (waivers, then the --status filter).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/report/comparison.h"
#include "analyzer/report/report_data.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

// True when `statuses` (the --status filter, empty for all) lets a finding of status `s` show.
bool StatusShown(const std::vector<CheckStatus>& statuses, CheckStatus s);

// The finding as a report shows it: WAIVED, with the waiver's note, when a waiver accepts its
// failure, counted in the matcher's Uses(). Returns that waiver, or nullptr.
const Waiver* WaiveFinding(WaiverMatcher* matcher, const std::string& benchmark, FindingRow* f);
// The same for a finding the matcher has already counted, in an earlier pass.
const Waiver* WaiveCounted(const WaiverMatcher& matcher, const std::string& benchmark, FindingRow* f);

// Where a summary's findings come from: it calls its argument once per finding of the frame, in
// any order; only their statuses, nodes and checks are needed.
using FindingSource = std::function<Status(const std::function<void(FindingRow&&)>&)>;

// `frame`'s table: sections, checks and columns counted from the findings `source` gives, without
// holding them. `failing`, when given, receives the bundles with a FAIL shown.
Result<Comparison> SummarizeFindings(const ReportData& frame, GroupBy group_by, WaiverMatcher* matcher,
                                     const std::vector<CheckStatus>& statuses, const FindingSource& source,
                                     std::set<std::int64_t>* failing = nullptr);

// The same, counted from the findings' statuses alone, read without their texts.
Result<Comparison> SummarizeBenchmark(Database* db, const ReportData& frame, GroupBy group_by, WaiverMatcher* matcher,
                                      const std::vector<CheckStatus>& statuses,
                                      std::set<std::int64_t>* failing = nullptr);

}  // namespace kubeproof
