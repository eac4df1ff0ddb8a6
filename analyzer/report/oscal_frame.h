// The parts of kubeproof's OSCAL assessment results that come from the report's frame, not its
// findings: metadata, the plan it imports, the tool and the nodes it assessed, the controls it
// reviewed and the back-matter resources (the benchmark, each bundle with its SHA-256).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/report/report_data.h"
#include "common/status.h"

namespace kubeproof {

inline constexpr std::string_view kOscalVersion = "1.0.6";

// One node's bundle and the UUIDs its observations refer to.
struct OscalNode {
  const NodeInfo* info = nullptr;
  std::string label;          // "cluster/node"
  std::string item_uuid;      // its inventory item, the observations' subject
  std::string resource_uuid;  // its bundle in the back-matter, the observations' evidence
  std::optional<std::string> collected;  // its collection time, when that is an OSCAL date-time
};

// A prop in kubeproof's namespace (kOscalNamespace).
nlohmann::ordered_json OscalProp(std::string_view name, std::string_view value);

// True when `value` can be a prop's value: the schema wants no line break and no space at either
// end; kubeproof keeps to printable ASCII. Names an operator typed go into props only when true.
bool IsOscalPropValue(std::string_view value);

// Refuses a bundle whose checksum is not a SHA-256 in hex: a database damaged or made by hand.
Result<OscalNode> DescribeOscalNode(const NodeInfo& info);

// `generated_on` is the report's date, YYYY-MM-DD.
nlohmann::ordered_json OscalMetadata(const ReportData& frame, const std::string& generated_on);
nlohmann::ordered_json OscalImportAp(const ReportData& frame);
nlohmann::ordered_json OscalTool();
nlohmann::ordered_json OscalInventoryItem(const OscalNode& node);
nlohmann::ordered_json OscalReviewedControls(const ReportData& frame);
nlohmann::ordered_json OscalBenchmarkResource(const ReportData& frame);
nlohmann::ordered_json OscalBundleResource(const OscalNode& node);

}  // namespace kubeproof
