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

Comparison BuildComparison(ReportData data, GroupBy group_by) {
  Comparison out;
  out.benchmark = std::move(data.benchmark);
  out.benchmark_title = std::move(data.benchmark_title);
  out.group_by = group_by;
  out.findings = std::move(data.findings);
  out.notes = std::move(data.notes);

  // Columns in node order (cluster, node); bundle id -> column.
  std::map<std::int64_t, size_t> column_of;
  std::map<std::string, int> node_name_uses;
  for (const auto& n : data.nodes) node_name_uses[n.node]++;
  for (const auto& n : data.nodes) {
    std::string name = group_by == GroupBy::kCluster ? ClusterName(n.cluster)
                       : node_name_uses[n.node] > 1  ? ClusterName(n.cluster) + "/" + n.node
                                                     : n.node;
    if (out.columns.empty() || out.columns.back().name != name) {
      out.columns.push_back({name, n.cluster, {}});
    }
    out.columns.back().nodes.push_back(n.node);
    column_of[n.bundle_id] = out.columns.size() - 1;
  }

  std::map<std::string, size_t> check_index;
  for (auto& c : data.checks) {
    check_index[c.id] = out.checks.size();
    out.checks.push_back({std::move(c), std::vector<std::optional<CheckOutcome>>(out.columns.size())});
  }
  for (size_t i = 0; i < out.findings.size(); ++i) {
    const FindingRow& f = out.findings[i];
    auto check = check_index.find(f.check_id);
    auto column = column_of.find(f.bundle_id);
    if (check == check_index.end() || column == column_of.end()) continue;
    auto& outcome = out.checks[check->second].columns[column->second];
    if (!outcome) outcome.emplace();
    outcome->nodes.Add(f.status);
    if (f.status == CheckStatus::kUnverifiable && f.reason_code == ReasonCode::kComponentAbsent) ++outcome->not_on_node;
    outcome->findings.push_back(i);
  }

  std::map<std::string, size_t> section_index;
  for (auto& s : data.sections) {
    section_index[s.id] = out.sections.size();
    out.sections.push_back({std::move(s), std::vector<StatusCounts>(out.columns.size())});
  }
  out.totals.assign(out.columns.size(), StatusCounts{});
  for (auto& c : out.checks) {
    auto section = section_index.find(c.check.section);
    for (size_t col = 0; col < c.columns.size(); ++col) {
      auto& outcome = c.columns[col];
      if (!outcome) continue;
      outcome->status = RollUp(outcome->nodes, outcome->not_on_node);
      if (section != section_index.end()) out.sections[section->second].columns[col].Add(outcome->status);
      out.totals[col].Add(outcome->status);
    }
  }
  return out;
}

}  // namespace kubeproof
