#include "analyzer/report/oscal_report.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "analyzer/report/json_stream.h"
#include "analyzer/report/oscal_findings.h"
#include "analyzer/report/oscal_frame.h"
#include "analyzer/report/oscal_ids.h"
#include "analyzer/report/report_words.h"
#include "analyzer/report/summary.h"

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

// Everything the document says depends on, for its own UUID and its result's: the same database
// and options give the same UUIDs, another audit or another view gets new ones.
std::string DocumentName(const OscalReportRequest& request, const ReportData& frame) {
  std::string name;
  auto add = [&name](std::string_view part) {
    name += std::to_string(part.size());
    name += ':';
    name += part;
  };
  add(frame.benchmark);
  add(request.generated_on);
  // The day expiry is judged on matters only with waivers: without, the date generated fixes all.
  add(request.waivers->empty() ? "" : request.today);
  for (const auto& n : frame.nodes) add(n.sha256);
  for (const auto* list : {&request.filter.sections, &request.filter.checks, &request.filter.nodes,
                           &request.filter.clusters}) {
    add(std::to_string(list->size()));
    for (const auto& item : *list) add(item);
  }
  add(request.filter.scored_only ? "scored" : "all");
  for (CheckStatus s : request.statuses) add(CheckStatusName(s));
  for (const auto& w : *request.waivers) add(WaiverRiskUuid(frame.benchmark, w));
  return name;
}

std::string ResultDescription(const OscalReportRequest& request, const ReportData& frame,
                              size_t nodes) {
  std::string text =
      "The newest evidence bundle of each of " + Plural(nodes, "node", "nodes") +
      ", evaluated offline by kubeproof against " + frame.benchmark_title + " (" + frame.benchmark +
      "). Each finding is one check on one node; only PASS is reported as satisfied.";
  if (!request.filters.empty()) {
    std::string shown;
    for (const auto& f : request.filters) shown += (shown.empty() ? "" : "; ") + f;
    text += " Shown: " + shown + ".";
  }
  if (!request.waiver_file.empty()) text += " Waivers: " + request.waiver_file + ".";
  return text;
}

// What both passes look findings up in.
struct Lookup {
  std::vector<OscalNode> nodes;                        // the frame's order
  std::unordered_map<std::int64_t, size_t> by_bundle;  // bundle id -> index in nodes
  std::map<std::string, const CheckInfo*> checks;
};

Result<Lookup> BuildLookup(const ReportData& frame) {
  Lookup lookup;
  for (const auto& n : frame.nodes) {
    auto node = DescribeOscalNode(n);
    if (!node.ok()) return node.status();
    lookup.nodes.push_back(std::move(*node));
  }
  for (size_t i = 0; i < lookup.nodes.size(); ++i)
    lookup.by_bundle[lookup.nodes[i].info->bundle_id] = i;
  for (const auto& c : frame.checks) lookup.checks[c.id] = &c;
  return lookup;
}

// The result's first members: what was assessed, when, on which nodes, against which controls.
void WriteResultFrame(JsonStream& json, const OscalReportRequest& request, const ReportData& frame,
                      const Lookup& lookup, const std::string& name, const std::string& now) {
  std::string start, end;
  for (const auto& n : lookup.nodes) {
    if (!n.collected) continue;
    if (start.empty() || *n.collected < start) start = *n.collected;
    if (end.empty() || *n.collected > end) end = *n.collected;
  }
  json.Member("uuid", OscalUuid({"result", name}));
  json.Member("title",
              frame.benchmark_title + " on " + Plural(lookup.nodes.size(), "node", "nodes"));
  json.Member("description", ResultDescription(request, frame, lookup.nodes.size()));
  json.Member("start", start.empty() ? now : start);
  json.Member("end", end.empty() ? now : end);
  json.Open("local-definitions", '{');
  json.Open("components", '[');
  json.Element(OscalTool());
  json.Close();
  json.OpenLazyArray("inventory-items");
  for (const auto& n : lookup.nodes) json.Element(OscalInventoryItem(n));
  json.Close();
  json.Close();
  json.Member("reviewed-controls", OscalReviewedControls(frame));
}

// Pass one: an observation per finding, and the risks the waived ones are linked to.
Status WriteObservations(Database* db, JsonStream& json, const OscalReportRequest& request,
                         const ReportData& frame, const Lookup& lookup, const std::string& now,
                         WaiverMatcher* matcher, std::vector<ordered_json>* risks) {
  std::set<std::string> seen_risks;
  json.OpenLazyArray("observations");
  Status s = ForEachFinding(db, request.filter, frame, [&](FindingRow&& f) {
    auto check = lookup.checks.find(f.check_id);
    auto node = lookup.by_bundle.find(f.bundle_id);
    if (check == lookup.checks.end() || node == lookup.by_bundle.end()) return;
    const Waiver* waiver = WaiveFinding(matcher, frame.benchmark, &f);
    if (!StatusShown(request.statuses, f.status)) return;
    json.Element(
        OscalObservation(f, {frame.benchmark, *check->second, lookup.nodes[node->second], now}));
    if (f.status != CheckStatus::kWaived) return;
    if (!seen_risks.insert(OscalRiskUuid(frame.benchmark, f, waiver)).second) return;
    risks->push_back(waiver != nullptr ? OscalWaiverRisk(frame.benchmark, *waiver, check->second)
                                       : OscalRecordedWaiverRisk(frame.benchmark, *check->second));
  });
  json.Close();
  return s;
}

// Pass two: a finding per finding, linked to its observation and, when waived, to its risk.
Status WriteFindings(Database* db, JsonStream& json, const OscalReportRequest& request,
                     const ReportData& frame, const Lookup& lookup, const std::string& now,
                     const WaiverMatcher& matcher) {
  json.OpenLazyArray("findings");
  Status s = ForEachFinding(db, request.filter, frame, [&](FindingRow&& f) {
    auto check = lookup.checks.find(f.check_id);
    auto node = lookup.by_bundle.find(f.bundle_id);
    if (check == lookup.checks.end() || node == lookup.by_bundle.end()) return;
    const Waiver* waiver = WaiveCounted(matcher, frame.benchmark, &f);  // pass one counted it
    if (!StatusShown(request.statuses, f.status)) return;
    std::optional<std::string> risk;
    if (f.status == CheckStatus::kWaived) risk = OscalRiskUuid(frame.benchmark, f, waiver);
    json.Element(
        OscalFinding(f, {frame.benchmark, *check->second, lookup.nodes[node->second], now}, risk));
  });
  json.Close();
  return s;
}

}  // namespace

Result<std::vector<WaiverUse>> WriteOscalReport(Database* db, const OscalReportRequest& request,
                                                std::ostream& out) {
  auto now = OscalDateTime(request.generated_on);
  if (!now) {
    return Status::InvalidArgument("the report's date " + request.generated_on +
                                   " is not one OSCAL can write (years 1900 to 2999)");
  }
  auto frame = LoadReportFrame(db, request.filter);
  if (!frame.ok()) return frame.status();
  auto lookup = BuildLookup(*frame);
  if (!lookup.ok()) return lookup.status();
  const std::string name = DocumentName(request, *frame);

  JsonStream json(out);
  json.Open("", '{');
  json.Open("assessment-results", '{');
  json.Member("uuid", OscalUuid({"assessment-results", name}));
  json.Member("metadata", OscalMetadata(*frame, *now));
  json.Member("import-ap", OscalImportAp(*frame));
  json.Open("results", '[');
  json.Open("", '{');
  WriteResultFrame(json, request, *frame, *lookup, name, *now);
  WaiverMatcher matcher(request.waivers, request.today);
  std::vector<ordered_json> risks;
  if (Status s = WriteObservations(db, json, request, *frame, *lookup, *now, &matcher, &risks);
      !s.ok())
    return s;
  json.OpenLazyArray("risks");
  for (const auto& r : risks) json.Element(r);
  json.Close();
  if (Status s = WriteFindings(db, json, request, *frame, *lookup, *now, matcher); !s.ok()) return s;
  if (!frame->notes.empty()) {
    std::string notes = "Benchmark choice:";
    for (const auto& n : frame->notes) notes += "\n" + n;
    json.Member("remarks", notes);
  }
  json.Close();  // the result
  json.Close();  // results
  json.Open("back-matter", '{');
  json.Open("resources", '[');
  json.Element(OscalBenchmarkResource(*frame));
  for (const auto& n : lookup->nodes) json.Element(OscalBundleResource(n));
  json.Close();
  json.Close();
  json.Close();  // assessment-results
  json.Close();  // the document
  return matcher.Uses();
}

}  // namespace kubeproof
