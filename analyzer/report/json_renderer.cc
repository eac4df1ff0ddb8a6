#include "analyzer/report/json_renderer.h"

#include <nlohmann/json.hpp>

#include "analyzer/report/json_stream.h"

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

ordered_json CheckJson(const CheckComparison& check) {
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
  return {{"id", i.id},           {"section", i.section},   {"title", i.title},
          {"scored", i.scored},   {"automated", i.automated}, {"component", i.component},
          {"expected", i.expected}, {"remediation", i.remediation}, {"columns", columns}};
}

// Built as text: a million findings through nlohmann documents would double the report's time.
JsonText FindingJson(const FindingRow& f, size_t depth) {
  JsonText j(depth);
  j.Open("", '{')
      .String("cluster", f.cluster)
      .String("node", f.node)
      .String("check_id", f.check_id)
      .String("section", f.section)
      .String("status", CheckStatusName(f.status))
      .String("expected", f.expected)
      .String("actual", f.actual)
      .String("source", f.source)
      .String("reason", f.reason);
  if (f.waiver) {
    j.Open("waiver", '{')
        .String("justification", f.waiver->justification)
        .String("approved_by", f.waiver->approved_by)
        .String("expires", f.waiver->expires)
        .Close();
  } else {
    j.Null("waiver");
  }
  j.Close();
  return j;
}

ordered_json WaiverJson(const WaiverUse& use) {
  const Waiver& w = *use.waiver;
  return {{"check", w.check},
          {"benchmark", Optional(w.benchmark)},
          {"cluster", Optional(w.cluster)},
          {"nodes", Optional(w.nodes)},
          {"justification", w.justification},
          {"approved_by", w.approved_by},
          {"expires", w.expires},
          {"state", WaiverStateName(use.state)},
          {"applied", use.applied},
          {"note", use.note}};
}

// The document's members before its findings come from the table, then each finding as it
// arrives, then the waivers.
class JsonReport : public FindingWriter {
 public:
  JsonReport(std::ostream& out, const RenderOptions& options) : json_(out, true), o_(options) {}

  void Begin(const Comparison& c) override {
    table_ = &c;
    json_.Open("", '{');
    json_.Member("format_version", kReportJsonVersion);
    json_.Member("benchmark", {{"id", c.benchmark}, {"title", c.benchmark_title}, {"notes", c.notes}});
    json_.Member("group_by", c.group_by == GroupBy::kCluster ? "cluster" : "node");
    json_.Member("waived_count_as", o_.waived == WaivedCounting::kAsMet ? "met" : "failed");
    json_.Member("thresholds", o_.thresholds);
    json_.Open("bundles", '[');
    for (const NodeInfo& b : c.bundles) {
      json_.Element({{"cluster", b.cluster},
                     {"node", b.node},
                     {"collected_at", b.started_at},
                     {"sha256", b.sha256},
                     {"signed_by", b.signer.empty() ? ordered_json() : ordered_json(b.signer)},
                     {"signer_trusted", b.signer_trusted}});
    }
    json_.Close();
    json_.Open("columns", '[');
    for (const auto& col : c.columns) json_.Element({{"name", col.name}, {"cluster", col.cluster}, {"nodes", col.nodes}});
    json_.Close();
    json_.Open("sections", '[');
    for (const auto& s : c.sections) {
      ordered_json cells = ordered_json::array();
      for (const auto& counts : s.columns) cells.push_back(Counts(counts, o_));
      json_.Element({{"id", s.section.id}, {"title", s.section.title}, {"columns", cells}});
    }
    json_.Close();
    json_.Open("totals", '[');
    for (const auto& counts : c.totals) json_.Element(Counts(counts, o_));
    json_.Close();
    json_.Open("checks", '[');
    for (const auto& check : c.checks) json_.Element(CheckJson(check));
    json_.Close();
    json_.Open("findings", '[');
  }

  void Add(const FindingRow& f) override { json_.Element(FindingJson(f, json_.depth())); }

  void End() override {
    json_.Close();
    json_.Open("waivers", '[');
    for (const auto& use : table_->waivers) json_.Element(WaiverJson(use));
    json_.Close();
    json_.Close();
  }

 private:
  JsonStream json_;
  RenderOptions o_;
  const Comparison* table_ = nullptr;  // Begin's, which outlives End
};

}  // namespace

std::unique_ptr<FindingWriter> JsonWriter(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<JsonReport>(out, options);
}

}  // namespace kubeproof
