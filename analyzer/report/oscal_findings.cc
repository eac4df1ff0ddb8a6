#include "analyzer/report/oscal_findings.h"

#include "analyzer/report/oscal_ids.h"

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

const std::string& Tool() {
  static const std::string uuid = ToolUuid();
  return uuid;
}

// PASS is the only evidence that a control is satisfied; MANUAL and UNVERIFIABLE are no evidence
// either way, so OSCAL's reason for them is "other".
const char* State(CheckStatus s) { return s == CheckStatus::kPass ? "satisfied" : "not-satisfied"; }

const char* StateReason(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kFail:
    case CheckStatus::kWaived:
      return "fail";
    case CheckStatus::kManual:
    case CheckStatus::kUnverifiable:
      break;
  }
  return "other";
}

std::string Evidence(const FindingRow& f) {
  std::string text = f.actual.empty() ? "No value found in the bundle" : "Actual: " + f.actual;
  if (!f.source.empty()) text += "; source: " + f.source;
  return text + ".";
}

std::optional<std::string> Remarks(const FindingRow& f) {
  if (f.waiver) {
    return "Waived (approved by " + f.waiver->approved_by + ", expires " + f.waiver->expires +
           "): " + f.waiver->justification;
  }
  switch (f.status) {
    case CheckStatus::kManual:
      return "The check needs an auditor's judgement: this is no evidence that the control is "
             "satisfied.";
    case CheckStatus::kUnverifiable:
      return "The evidence the check needs is not in the bundle: this is no evidence that the "
             "control is satisfied.";
    default:
      return std::nullopt;
  }
}

std::string Scope(const Waiver& w) {
  std::string scope;
  if (w.benchmark) scope += " in benchmark " + *w.benchmark;
  if (w.cluster) scope += " in cluster " + *w.cluster;
  if (w.nodes) scope += " on the nodes matching " + *w.nodes;
  return scope.empty() ? " on every node" : scope;
}

}  // namespace

ordered_json OscalObservation(const FindingRow& f, const OscalFindingContext& at) {
  ordered_json o = {
      {"uuid", ObservationUuid(at.benchmark, f.check_id, at.node.info->sha256)},
      {"title", f.check_id + " on " + at.node.label},
      {"description", "Check " + f.check_id + " examined in the evidence bundle of " +
                          at.node.label + ". Expected: " + f.expected + "."},
      {"methods", ordered_json::array({"EXAMINE"})},
      {"origins",
       ordered_json::array(
           {{{"actors", ordered_json::array({{{"type", "tool"}, {"actor-uuid", Tool()}}})}}})},
      {"subjects",
       ordered_json::array({{{"subject-uuid", at.node.item_uuid}, {"type", "inventory-item"}}})},
      {"relevant-evidence", ordered_json::array({{{"href", "#" + at.node.resource_uuid},
                                                  {"description", Evidence(f)}}})},
      {"collected", at.node.collected.value_or(at.fallback_time)}};
  if (!at.node.collected) {
    o["remarks"] = "The bundle gives its collection time as \"" + at.node.info->started_at +
                   "\", which is not a UTC time OSCAL accepts: the report's time stands in.";
  }
  return o;
}

ordered_json OscalFinding(const FindingRow& f, const OscalFindingContext& at,
                          const std::optional<std::string>& risk_uuid) {
  ordered_json props = ordered_json::array({OscalProp("status", CheckStatusName(f.status))});
  if (f.reason_code != ReasonCode::kNone)
    props.push_back(OscalProp("reason-code", ReasonCodeName(f.reason_code)));
  ordered_json finding = {
      {"uuid", FindingUuid(at.benchmark, f.check_id, at.node.info->sha256)},
      {"title", f.check_id + " " + at.check.title + ": " + at.node.label},
      {"description",
       std::string(CheckStatusName(f.status)) + " on " + at.node.label + ": " + f.reason},
      {"props", std::move(props)},
      {"target",
       {{"type", "objective-id"},
        {"target-id", ControlId(f.check_id)},
        {"status", {{"state", State(f.status)}, {"reason", StateReason(f.status)}}}}},
      {"related-observations",
       ordered_json::array({{{"observation-uuid",
                              ObservationUuid(at.benchmark, f.check_id, at.node.info->sha256)}}})}};
  if (risk_uuid) finding["related-risks"] = ordered_json::array({{{"risk-uuid", *risk_uuid}}});
  if (auto remarks = Remarks(f)) finding["remarks"] = *remarks;
  return finding;
}

std::string OscalRiskUuid(const std::string& benchmark, const FindingRow& f, const Waiver* waiver) {
  return waiver != nullptr ? WaiverRiskUuid(benchmark, *waiver)
                           : RecordedWaiverRiskUuid(benchmark, f.check_id);
}

ordered_json OscalWaiverRisk(const std::string& benchmark, const Waiver& w,
                             const CheckInfo* check) {
  std::string named = w.check + (check != nullptr ? " (" + check->title + ")" : "");
  ordered_json risk = {
      {"uuid", WaiverRiskUuid(benchmark, w)},
      {"title", "Accepted failure of check " + named},
      {"description", w.justification},
      {"statement", "Check " + named + " fails" + Scope(w) +
                        ", and the failure is accepted: " + w.justification + " Approved by " +
                        w.approved_by + "; the waiver applies up to and including " + w.expires +
                        ". Waiver " + w.origin + "."},
      {"props", ordered_json::array()},
      {"status", "deviation-approved"}};
  if (IsOscalPropValue(w.approved_by))
    risk["props"].push_back(OscalProp("approved-by", w.approved_by));
  risk["props"].push_back(OscalProp("expires", w.expires));
  if (auto deadline = OscalDateTime(w.expires + "T23:59:59Z")) risk["deadline"] = *deadline;
  return risk;
}

ordered_json OscalRecordedWaiverRisk(const std::string& benchmark, const CheckInfo& check) {
  return {
      {"uuid", RecordedWaiverRiskUuid(benchmark, check.id)},
      {"title", "Accepted failure of check " + check.id + " (" + check.title +
                    "), as the database records it"},
      {"description",
       "The database holds findings of this check as WAIVED (kubeproof evaluate --waivers). Each "
       "finding's description gives its waiver's justification, approver and expiry as recorded."},
      {"statement", "Check " + check.id +
                        " fails on the nodes whose findings name this risk, and the failure was "
                        "accepted when they were evaluated."},
      {"status", "deviation-approved"}};
}

}  // namespace kubeproof
