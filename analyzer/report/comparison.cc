#include "analyzer/report/comparison.h"

#include <map>
#include <numeric>

namespace kubeproof {
namespace {

constexpr const char* kNoCluster = "(no cluster)";

std::string ClusterName(const std::string& cluster) { return cluster.empty() ? kNoCluster : cluster; }

}  // namespace

int StatusCounts::Total() const { return std::accumulate(by_status.begin(), by_status.end(), 0); }

std::optional<double> Ratio::Percent() const {
  if (verifiable == 0) return std::nullopt;
  return 100.0 * met / verifiable;
}

Ratio RatioOf(const StatusCounts& counts, WaivedCounting counting) {
  int met = counts.Get(CheckStatus::kPass);
  if (counting == WaivedCounting::kAsMet) met += counts.Get(CheckStatus::kWaived);
  return {met, counts.Verifiable()};
}

CheckStatus RollUp(const StatusCounts& nodes, int not_on_node) {
  if (nodes.Get(CheckStatus::kFail) > 0) return CheckStatus::kFail;
  // A node the component does not run on has nothing to say about the check; any other gap does.
  if (nodes.Get(CheckStatus::kUnverifiable) > not_on_node) return CheckStatus::kUnverifiable;
  for (CheckStatus s : {CheckStatus::kManual, CheckStatus::kWaived, CheckStatus::kPass}) {
    if (nodes.Get(s) > 0) return s;
  }
  return CheckStatus::kUnverifiable;
}

GroupBy DefaultGroupBy(const ReportData& data) {
  for (const auto& n : data.nodes) {
    if (n.cluster.empty()) return GroupBy::kNode;
  }
  return data.nodes.empty() ? GroupBy::kNode : GroupBy::kCluster;
}

ComparisonBuilder::ComparisonBuilder(ReportData frame, GroupBy group_by) {
  out_.benchmark = std::move(frame.benchmark);
  out_.benchmark_title = std::move(frame.benchmark_title);
  out_.group_by = group_by;
  out_.notes = std::move(frame.notes);

  // Columns in node order (cluster, node); bundle id -> column.
  std::map<std::string, int> node_name_uses;
  for (const auto& n : frame.nodes) node_name_uses[n.node]++;
  for (const auto& n : frame.nodes) {
    std::string name = group_by == GroupBy::kCluster ? ClusterName(n.cluster)
                       : node_name_uses[n.node] > 1  ? ClusterName(n.cluster) + "/" + n.node
                                                     : n.node;
    if (out_.columns.empty() || out_.columns.back().name != name) {
      out_.columns.push_back({name, n.cluster, {}});
    }
    out_.columns.back().nodes.push_back(n.node);
    out_.bundle_column[n.bundle_id] = out_.columns.size() - 1;
  }
  for (auto& c : frame.checks) {
    check_index_[c.id] = out_.checks.size();
    out_.checks.push_back({std::move(c), std::vector<std::optional<CheckOutcome>>(out_.columns.size())});
  }
  for (auto& s : frame.sections) {
    out_.sections.push_back({std::move(s), std::vector<StatusCounts>(out_.columns.size())});
  }
  out_.bundles = std::move(frame.nodes);
}

void ComparisonBuilder::Add(const FindingRow& finding) {
  auto check = check_index_.find(finding.check_id);
  auto column = out_.bundle_column.find(finding.bundle_id);
  if (check == check_index_.end() || column == out_.bundle_column.end()) return;
  auto& outcome = out_.checks[check->second].columns[column->second];
  if (!outcome) outcome.emplace();
  outcome->nodes.Add(finding.status);
  if (finding.status == CheckStatus::kUnverifiable && finding.reason_code == ReasonCode::kComponentAbsent) {
    ++outcome->not_on_node;
  }
}

Comparison ComparisonBuilder::Finish() && {
  std::map<std::string, size_t> section_index;
  for (size_t i = 0; i < out_.sections.size(); ++i) section_index[out_.sections[i].section.id] = i;
  out_.totals.assign(out_.columns.size(), StatusCounts{});
  for (auto& c : out_.checks) {
    auto section = section_index.find(c.check.section);
    for (size_t col = 0; col < c.columns.size(); ++col) {
      auto& outcome = c.columns[col];
      if (!outcome) continue;
      outcome->status = RollUp(outcome->nodes, outcome->not_on_node);
      if (section != section_index.end()) out_.sections[section->second].columns[col].Add(outcome->status);
      out_.totals[col].Add(outcome->status);
    }
  }
  return std::move(out_);
}

}  // namespace kubeproof
