// Report data: the findings a report shows, loaded from the database with the report's filters.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"
#include "analyzer/store/database.h"

namespace kubeproof {

// Filters applied when loading; an empty list means "no filter". Statuses are applied after
// waivers, so they are not here.
struct ReportFilter {
  std::string benchmark;                  // one of BenchmarksToReport's
  std::vector<std::string> sections;     // "1" selects 1.1 to 1.4; "1.2" selects 1.2 only
  std::vector<std::string> checks;       // exact check ids
  std::vector<std::string> nodes;
  std::vector<std::string> clusters;
  bool scored_only = false;
};

// A waiver's judgement attached to the finding it turned into WAIVED.
struct WaiverNote {
  std::string justification;
  std::string approved_by;
  std::string expires;  // YYYY-MM-DD
};

// One finding with everything a report prints about it.
struct FindingRow {
  std::int64_t bundle_id = 0;
  std::string node;
  std::string cluster;  // empty when the bundle carries none
  std::string check_id;
  std::string section;
  CheckStatus status = CheckStatus::kUnverifiable;
  std::string expected;
  std::string actual;
  std::string source;
  std::string reason;
  ReasonCode reason_code = ReasonCode::kNone;
  std::optional<WaiverNote> waiver;  // set when a waiver file turned this FAIL into WAIVED
};

struct CheckInfo {
  std::string id;
  std::string section;
  std::string title;
  bool scored = true;
  bool automated = true;
  std::string component;
  std::string expected;
  std::string remediation;
};

// One bundle in the report: the newest bundle of each (cluster, node).
struct NodeInfo {
  std::int64_t bundle_id = 0;
  std::string node;
  std::string cluster;
  std::string started_at;
  std::string sha256;  // the bundle's checksum, as verified at ingest
  std::string signer;  // fingerprint of the key that signed it; empty when unsigned
  bool signer_trusted = false;  // the key was among those ingest --trust named
};

struct ReportData {
  std::string benchmark;
  std::string benchmark_title;
  std::string kubernetes_range;       // "1.32-1.34", or empty
  std::vector<SectionInfo> sections;  // benchmark order
  std::vector<CheckInfo> checks;      // benchmark order
  std::vector<NodeInfo> nodes;        // by cluster, then node
  // What an auditor must know about how the benchmark was chosen, per node shown: "node: note".
  std::vector<std::string> notes;
};

// The benchmarks a report shows: `wanted` when given (an error naming the evaluated ones when it
// was not), else every benchmark with findings on the nodes and clusters of `scope` (all when it
// names none), the managed platforms' first, then by newest Kubernetes range. A node or cluster not in the database is an error.
Result<std::vector<std::string>> BenchmarksToReport(Database* db, const ReportFilter& scope,
                                                    const std::optional<std::string>& wanted);

// Everything but the findings: benchmark, sections, checks, nodes and notes. Only the newest
// bundle of each (cluster, node) counts.
Result<ReportData> LoadReportFrame(Database* db, const ReportFilter& filter);

// The order findings stream in: by check (benchmark order), then the frame's node order; by
// node label (NodeLabel: cluster/node), then check, one node at a time; or as stored, in no
// particular order: the fastest read, for a caller that orders them itself.
enum class FindingOrder { kByCheck, kByNode, kAsStored };

// Streams the findings of `frame`'s nodes that `filter` selects, in `order`, without holding
// them: what a report of ten thousand nodes needs.
Status ForEachFinding(Database* db, const ReportFilter& filter, const ReportData& frame,
                      const std::function<void(FindingRow&&)>& visit, FindingOrder order = FindingOrder::kByCheck);

// A stored finding as ScanFindings meets it: its node and check by their place in the frame.
struct StoredFinding {
  std::size_t node = 0;   // in frame.nodes
  std::size_t check = 0;  // in frame.checks
  CheckStatus status = CheckStatus::kUnverifiable;
  ReasonCode reason_code = ReasonCode::kNone;
};

// Every stored finding of `frame`'s nodes and checks, as stored, in no particular order: read from
// `table` (check_results, or check_records from schema 9 on) with bundle_id, check_id, status and
// reason_code, then `more_columns` (our own SQL, never data), which `visit` reads from column 4 on.
// No join: the frame's checks are those the filter selects.
Status ScanFindings(Database* db, const ReportData& frame, std::string_view table, std::string_view more_columns,
                    const std::function<Status(const StoredFinding&, const Statement&)>& visit);

// The finding without its texts (expected, actual, source, reason stay empty).
FindingRow StatusRow(const ReportData& frame, const StoredFinding& finding);

// Streams the findings of `frame`'s nodes and checks without their texts, in no particular
// order: what a summary counts.
Status ForEachFindingStatus(Database* db, const ReportData& frame, const std::function<void(FindingRow&&)>& visit);

}  // namespace kubeproof
