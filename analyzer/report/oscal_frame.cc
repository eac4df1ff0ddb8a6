#include "analyzer/report/oscal_frame.h"

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/oscal_ids.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

// "1.6.0" of "cis-1.6.0": the version a benchmark id ends with, when it ends with one.
std::optional<std::string> BenchmarkVersion(const std::string& id) {
  size_t dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 == id.size()) return std::nullopt;
  std::string version = id.substr(dash + 1);
  if (version.find_first_not_of("0123456789.") != std::string::npos || version.front() == '.' ||
      version.back() == '.') {
    return std::nullopt;
  }
  return version;
}

void AddProp(ordered_json* object, std::string_view name, std::string_view value) {
  if (!IsOscalPropValue(value)) return;
  (*object)["props"].push_back(OscalProp(name, value));
}

}  // namespace

ordered_json OscalProp(std::string_view name, std::string_view value) {
  return {{"name", name}, {"ns", kOscalNamespace}, {"value", value}};
}

bool IsOscalPropValue(std::string_view value) {
  if (value.empty() || value.front() == ' ' || value.back() == ' ') return false;
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Result<OscalNode> DescribeOscalNode(const NodeInfo& info) {
  if (!IsSha256Hex(info.sha256)) {
    return Status::Corrupt("bundle " + std::to_string(info.bundle_id) + " of " +
                           NodeLabel(info.cluster, info.node) +
                           ": its checksum is not a SHA-256 in hex");
  }
  OscalNode node;
  node.info = &info;
  node.label = NodeLabel(info.cluster, info.node);
  node.item_uuid = NodeUuid(info.cluster, info.node);
  node.resource_uuid = BundleUuid(info.sha256);
  node.collected = OscalDateTime(info.started_at);
  return node;
}

ordered_json OscalMetadata(const ReportData& frame, const std::string& last_modified) {
  ordered_json m = {{"title", "kubeproof assessment results: " + frame.benchmark_title},
                    {"last-modified", last_modified},
                    {"version", last_modified.substr(0, 10)},
                    {"oscal-version", kOscalVersion}};
  AddProp(&m, "benchmark", frame.benchmark);
  return m;
}

ordered_json OscalImportAp(const ReportData& frame) {
  return {{"href", "#" + BenchmarkUuid(frame.benchmark)},
          {"remarks",
           "kubeproof keeps no assessment plan of its own: the plan is the benchmark in the "
           "back-matter, "
           "evaluated offline on the newest evidence bundle of every node."}};
}

ordered_json OscalTool() {
  return {
      {"uuid", ToolUuid()},
      {"type", "software"},
      {"title", "kubeproof"},
      {"description",
       "The kubeproof analyzer: it verified each node's evidence bundle, loaded it and evaluated "
       "the benchmark's checks on it offline."},
      {"props", ordered_json::array({{{"name", "version"}, {"value", KUBEPROOF_VERSION}}})},
      {"status", {{"state", "operational"}}}};
}

ordered_json OscalInventoryItem(const OscalNode& node) {
  const NodeInfo& n = *node.info;
  ordered_json item = {
      {"uuid", node.item_uuid},
      {"description", n.cluster.empty()
                          ? "Kubernetes node " + n.node + ", in no named cluster"
                          : "Kubernetes node " + n.node + " of cluster " + n.cluster}};
  AddProp(&item, "node", n.node);
  if (!n.cluster.empty()) AddProp(&item, "cluster", n.cluster);
  return item;
}

ordered_json OscalReviewedControls(const ReportData& frame) {
  ordered_json selection = ordered_json::object();
  for (const auto& c : frame.checks)
    selection["include-controls"].push_back({{"control-id", ControlId(c.id)}});
  if (frame.checks.empty()) selection["remarks"] = "No check of the benchmark is selected.";
  return {{"links", ordered_json::array({{{"href", "#" + BenchmarkUuid(frame.benchmark)},
                                          {"rel", "reference"},
                                          {"text", frame.benchmark_title}}})},
          {"control-selections", ordered_json::array({selection})}};
}

ordered_json OscalBenchmarkResource(const ReportData& frame) {
  std::string description =
      "The benchmark the nodes were evaluated against: the assessed control set.";
  if (!frame.checks.empty()) {
    const std::string& id = frame.checks.front().id;
    description += " Each check is a control named cis- and its id: check " + id + " is " +
                   ControlId(id) + ".";
  }
  ordered_json r = {{"uuid", BenchmarkUuid(frame.benchmark)},
                    {"title", frame.benchmark_title},
                    {"description", description}};
  AddProp(&r, "benchmark-id", frame.benchmark);
  if (auto version = BenchmarkVersion(frame.benchmark)) AddProp(&r, "benchmark-version", *version);
  AddProp(&r, "kubernetes-range", frame.kubernetes_range);
  if (IsOscalPropValue(frame.benchmark))
    r["document-ids"] = ordered_json::array({{{"identifier", frame.benchmark}}});
  r["citation"] = {{"text", frame.benchmark_title}};
  return r;
}

ordered_json OscalBundleResource(const OscalNode& node) {
  const NodeInfo& n = *node.info;
  ordered_json resource = {
      {"uuid", node.resource_uuid},
      {"title", "Evidence bundle of " + node.label},
      {"description", "The evidence bundle kubeproof-collect wrote on node " + n.node +
                          (n.cluster.empty() ? "" : " of cluster " + n.cluster) + ", collected at " +
                          n.started_at + "; its checksums were verified when it was ingested. Signed by: " +
                          SignerText(n) + "."}};
  // Who signed the bundle: the key's fingerprint, and whether ingest --trust named it.
  AddProp(&resource, "signed-by", n.signer.empty() ? "unsigned" : n.signer);
  if (!n.signer.empty()) AddProp(&resource, "signer-trusted", n.signer_trusted ? "true" : "false");
  resource["rlinks"] = ordered_json::array(
      {{{"href", NamedInformationUri(n.sha256)},
        {"media-type", "application/gzip"},
        {"hashes", ordered_json::array({{{"algorithm", "SHA-256"}, {"value", n.sha256}}})}}});
  return resource;
}

}  // namespace kubeproof
