// The parts of kubeproof's OSCAL assessment results made from each finding: its observation (the
// evidence examined), its finding (satisfied or not) and the risks that record accepted failures.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analyzer/report/oscal_frame.h"
#include "analyzer/report/report_data.h"
#include "analyzer/waivers/waiver.h"

namespace kubeproof {

// One finding with what its parts refer to.
struct OscalFindingContext {
  const std::string& benchmark;
  const CheckInfo& check;
  const OscalNode& node;
  // The report's time, for a bundle whose collection time is none.
  const std::string& fallback_time;
};

// The observation: method EXAMINE, the node as subject, its bundle as relevant evidence.
nlohmann::ordered_json OscalObservation(const FindingRow& f, const OscalFindingContext& at);

// The finding: satisfied only for PASS; kubeproof's own status kept as a prop; linked to its
// observation and, when waived, to `risk_uuid`.
nlohmann::ordered_json OscalFinding(const FindingRow& f, const OscalFindingContext& at,
                                    const std::optional<std::string>& risk_uuid);

// The UUID of the risk a WAIVED finding is linked to: its waiver's, or for a finding stored as
// WAIVED (`evaluate --waivers`), its check's recorded one.
std::string OscalRiskUuid(const std::string& benchmark, const FindingRow& f, const Waiver* waiver);

// A waiver of the waiver file as an accepted risk, its expiry the deadline. `check` is null when
// the report does not show the waiver's check.
nlohmann::ordered_json OscalWaiverRisk(const std::string& benchmark, const Waiver& waiver,
                                       const CheckInfo* check);

// The accepted risk of a check's findings the database holds as WAIVED: their waivers are known
// only from each finding's reason, so this risk has no deadline.
nlohmann::ordered_json OscalRecordedWaiverRisk(const std::string& benchmark,
                                               const CheckInfo& check);

}  // namespace kubeproof
