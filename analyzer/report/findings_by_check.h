// FindingsByCheck: a benchmark's findings read once, as stored, and given back in check order
// (then the frame's node order), as reports print them, without SQLite sorting a million rows.
#pragma once

#include <functional>
#include <memory>

#include "analyzer/report/finding_spool.h"
#include "analyzer/report/report_data.h"
#include "analyzer/report/text_table.h"

namespace kubeproof {

class FindingsByCheck {
 public:
  // Reads the findings of `frame`'s nodes and checks into a spool. `as_read`, when set, sees each
  // one as it is read, in no particular order and without its texts (expected, actual, source,
  // reason stay empty): a summary counts them in the same pass.
  static Result<std::unique_ptr<FindingsByCheck>> Read(Database* db, const ReportData& frame,
                                                       const std::function<void(FindingRow&&)>& as_read);
  // Every finding with its texts, in check order; `frame` is the one Read was given. Once only.
  Status Replay(const ReportData& frame, const std::function<void(FindingRow&&)>& visit);

 private:
  FindingsByCheck(Database* db, std::size_t checks);
  TextTable texts_;
  FindingSpool spool_;
};

// A summary's finding source (SummarizeFindings) that spools the findings as it gives them:
// `*held` then holds them for Replay, so a report in check order reads the database once.
std::function<Status(const std::function<void(FindingRow&&)>&)> SpoolWhileCounting(
    Database* db, const ReportData& frame, std::unique_ptr<FindingsByCheck>* held);

}  // namespace kubeproof
