// Comparison: the seed table's model. Sections down, one column per cluster or node, per-check
// roll-up across a cluster's nodes, and the counts every renderer prints.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/report/report_data.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

enum class GroupBy { kCluster, kNode };

// How many findings (or nodes) are in each state; indexed by CheckStatus.
struct StatusCounts {
  std::array<int, 5> by_status{};

  int Get(CheckStatus s) const { return by_status[static_cast<size_t>(s)]; }
  void Add(CheckStatus s, int n = 1) { by_status[static_cast<size_t>(s)] += n; }
  // PASS, FAIL and WAIVED: the evidence was there and judged.
  int Verifiable() const { return Get(CheckStatus::kPass) + Get(CheckStatus::kFail) + Get(CheckStatus::kWaived); }
  int Total() const;
};

// How waived findings count in a ratio.
enum class WaivedCounting { kAsMet, kAsFailed };

// met / verifiable; nullopt when nothing was verifiable.
struct Ratio {
  int met = 0;
  int verifiable = 0;
  std::optional<double> Percent() const;
};
Ratio RatioOf(const StatusCounts& counts, WaivedCounting counting);

// One check in one column: the rolled-up status and how many nodes were in each state.
struct CheckOutcome {
  CheckStatus status = CheckStatus::kUnverifiable;
  StatusCounts nodes;
  int not_on_node = 0;  // of the UNVERIFIABLE nodes, those the check's component does not run on
};

struct CheckComparison {
  CheckInfo check;
  std::vector<std::optional<CheckOutcome>> columns;  // nullopt: no finding in that column
};

struct SectionComparison {
  SectionInfo section;
  std::vector<StatusCounts> columns;  // checks per rolled-up state
};

struct Column {
  std::string name;                // cluster name, or node name (cluster/node when ambiguous)
  std::string cluster;             // for --by node, the node's cluster
  std::vector<std::string> nodes;  // the nodes it covers
};

struct Comparison {
  std::string benchmark;
  std::string benchmark_title;
  GroupBy group_by = GroupBy::kCluster;
  std::vector<Column> columns;
  std::vector<SectionComparison> sections;
  std::vector<StatusCounts> totals;  // per column, over all sections
  std::vector<CheckComparison> checks;
  std::vector<WaiverUse> waivers;  // from --waivers, in file order
  std::vector<std::string> notes;  // how the benchmark was chosen, where it matters ("node: ...")
  std::vector<NodeInfo> bundles;   // the bundle of each node shown, by cluster then node
  std::unordered_map<std::int64_t, size_t> bundle_column;  // bundle id -> its column
};

// A check's status across several nodes, never better than its worst-informed node: FAIL if any
// node fails; else UNVERIFIABLE if any node lacks evidence for a reason other than the component
// not running there; else MANUAL, WAIVED, PASS in that order; else (no node runs the
// component) UNVERIFIABLE.
CheckStatus RollUp(const StatusCounts& nodes, int not_on_node);

// The default grouping: by cluster when every bundle carries a cluster name, else by node.
GroupBy DefaultGroupBy(const ReportData& data);

// Builds the model one finding at a time from a frame (ReportData without findings), holding
// counts only, so a table of ten thousand nodes stays small; nodes without a cluster form a
// column named "(no cluster)".
class ComparisonBuilder {
 public:
  ComparisonBuilder(ReportData frame, GroupBy group_by);
  void Add(const FindingRow& finding);
  Comparison Finish() &&;

 private:
  Comparison out_;
  std::map<std::string, size_t> check_index_;
};

}  // namespace kubeproof
