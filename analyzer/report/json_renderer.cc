#include "analyzer/report/json_renderer.h"

#include <nlohmann/json.hpp>

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

ordered_json Optional(const std::optional<std::string>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

ordered_json Percent(const StatusCounts& counts, WaivedCounting counting) {
  Ratio r = RatioOf(counts, counting);
  return r.verifiable == 0 ? ordered_json(nullptr) : ordered_json(FlooredPercent(r));
}

ordered_json Counts(const StatusCounts& counts, const RenderOptions& o) {
  ordered_json j;
  for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kWaived, CheckStatus::kManual,
                        CheckStatus::kUnverifiable}) {
    j[std::string(CheckStatusName(s))] = counts.Get(s);
  }
  j["verifiable"] = counts.Verifiable();
  j["percent_met"] = Percent(counts, WaivedCounting::kAsMet);
  j["percent_met_without_waivers"] = Percent(counts, WaivedCounting::kAsFailed);
  auto level = RatingLevel(RatioOf(counts, o.waived), o.thresholds);
  j["rating"] = level ? ordered_json(std::string(RatingSymbol(level, false))) : ordered_json(nullptr);
  return j;
}

}  // namespace

std::string RenderJson(const Comparison& c, const RenderOptions& o) {
  ordered_json doc;
  doc["format_version"] = kReportJsonVersion;
  doc["benchmark"] = {{"id", c.benchmark}, {"title", c.benchmark_title}, {"notes", c.notes}};
  doc["group_by"] = c.group_by == GroupBy::kCluster ? "cluster" : "node";
  doc["waived_count_as"] = o.waived == WaivedCounting::kAsMet ? "met" : "failed";
  doc["thresholds"] = o.thresholds;
  doc["bundles"] = ordered_json::array();
  for (const NodeInfo& b : c.bundles) {
    doc["bundles"].push_back({{"cluster", b.cluster}, {"node", b.node}, {"collected_at", b.started_at},
                              {"sha256", b.sha256}, {"signed_by", b.signer.empty() ? ordered_json() : ordered_json(b.signer)},
                              {"signer_trusted", b.signer_trusted}});
  }
  doc["columns"] = ordered_json::array();
  for (const auto& col : c.columns) {
    doc["columns"].push_back({{"name", col.name}, {"cluster", col.cluster}, {"nodes", col.nodes}});
  }
  doc["sections"] = ordered_json::array();
  for (const auto& s : c.sections) {
    ordered_json cells = ordered_json::array();
    for (const auto& counts : s.columns) cells.push_back(Counts(counts, o));
    doc["sections"].push_back({{"id", s.section.id}, {"title", s.section.title}, {"columns", cells}});
  }
  doc["totals"] = ordered_json::array();
  for (const auto& counts : c.totals) doc["totals"].push_back(Counts(counts, o));
  doc["checks"] = ordered_json::array();
  for (const auto& check : c.checks) {
    const CheckInfo& i = check.check;
    ordered_json columns = ordered_json::array();
    for (const auto& outcome : check.columns) {
      if (!outcome) {
        columns.push_back(nullptr);
        continue;
      }
      ordered_json nodes;
      for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kWaived, CheckStatus::kManual,
                            CheckStatus::kUnverifiable}) {
        nodes[std::string(CheckStatusName(s))] = outcome->nodes.Get(s);
      }
      columns.push_back({{"status", CheckStatusName(outcome->status)}, {"nodes", nodes}});
    }
    doc["checks"].push_back({{"id", i.id}, {"section", i.section}, {"title", i.title}, {"scored", i.scored},
                             {"automated", i.automated}, {"component", i.component}, {"expected", i.expected},
                             {"remediation", i.remediation}, {"columns", columns}});
  }
  doc["findings"] = ordered_json::array();
  for (const auto& f : c.findings) {
    ordered_json waiver = nullptr;
    if (f.waiver) {
      waiver = {{"justification", f.waiver->justification}, {"approved_by", f.waiver->approved_by},
                {"expires", f.waiver->expires}};
    }
    doc["findings"].push_back({{"cluster", f.cluster}, {"node", f.node}, {"check_id", f.check_id},
                               {"section", f.section}, {"status", CheckStatusName(f.status)}, {"expected", f.expected},
                               {"actual", f.actual}, {"source", f.source}, {"reason", f.reason}, {"waiver", waiver}});
  }
  doc["waivers"] = ordered_json::array();
  for (const auto& use : c.waivers) {
    const Waiver& w = use.waiver;
    doc["waivers"].push_back({{"check", w.check}, {"benchmark", Optional(w.benchmark)}, {"cluster", Optional(w.cluster)},
                              {"nodes", Optional(w.nodes)}, {"justification", w.justification},
                              {"approved_by", w.approved_by}, {"expires", w.expires},
                              {"state", WaiverStateName(use.state)}, {"applied", use.applied}, {"note", use.note}});
  }
  // Bundle text is not guaranteed UTF-8: replace bad bytes rather than throw.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kubeproof
