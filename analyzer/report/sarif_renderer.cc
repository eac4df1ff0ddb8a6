#include "analyzer/report/sarif_renderer.h"

#include <map>
#include <nlohmann/json.hpp>

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

std::optional<std::string> FirstPath(const std::string& text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t start = text.find_first_not_of(" ;,(=", at);
    if (start == std::string::npos) break;
    size_t end = text.find_first_of(" ;,()", start);
    std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!word.empty() && (word.back() == ':' || word.back() == '.')) word.pop_back();
    if (word.size() > 1 && word[0] == '/') return word;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return std::nullopt;
}

// file:// URI of a node path; bytes outside the unreserved set and '/' are percent-encoded.
std::string FileUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~' || c == '/';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> FindingPath(const FindingRow& finding) {
  if (auto p = FirstPath(finding.source)) return p;
  return FirstPath(finding.actual);
}

std::string RenderSarif(const Comparison& c) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, size_t> rule_index;
  std::map<std::string, bool> scored;
  for (const auto& check : c.checks) {
    const CheckInfo& i = check.check;
    rule_index[i.id] = rules.size();
    scored[i.id] = i.scored;
    rules.push_back({{"id", i.id},
                     {"shortDescription", {{"text", i.title}}},
                     {"fullDescription", {{"text", "Expected: " + i.expected}}},
                     {"help", {{"text", i.remediation}}},
                     {"properties", {{"benchmark", c.benchmark}, {"section", i.section}, {"scored", i.scored},
                                     {"automated", i.automated}, {"component", i.component}}}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : c.findings) {
    ordered_json r;
    r["ruleId"] = f.check_id;
    if (auto it = rule_index.find(f.check_id); it != rule_index.end()) r["ruleIndex"] = it->second;
    // SARIF allows a level other than "none" only for results of kind "fail".
    switch (f.status) {
      case CheckStatus::kFail:
      case CheckStatus::kWaived:
        r["kind"] = "fail";
        r["level"] = scored[f.check_id] ? "error" : "warning";
        break;
      case CheckStatus::kPass: r["kind"] = "pass"; r["level"] = "none"; break;
      case CheckStatus::kManual: r["kind"] = "review"; r["level"] = "none"; break;
      case CheckStatus::kUnverifiable: r["kind"] = "open"; r["level"] = "none"; break;
    }
    std::string where = f.cluster.empty() ? f.node : f.cluster + "/" + f.node;
    std::string text = std::string(CheckStatusName(f.status)) + " on " + where + ": " + f.reason;
    if (!f.actual.empty()) text += " (actual: " + f.actual + ")";
    r["message"] = {{"text", text}};
    if (auto path = FindingPath(f)) {
      r["locations"] = ordered_json::array(
          {{{"physicalLocation", {{"artifactLocation", {{"uri", FileUri(*path)}}}}},
            {"logicalLocations", ordered_json::array({{{"name", where}, {"kind", "module"}}})}}});
    }
    if (f.waiver) {
      r["suppressions"] = ordered_json::array(
          {{{"kind", "external"}, {"status", "accepted"},
            {"justification", f.waiver->justification + " (approved by " + f.waiver->approved_by + ", expires " +
                                  f.waiver->expires + ")"}}});
    }
    r["properties"] = {{"cluster", f.cluster}, {"node", f.node}, {"status", CheckStatusName(f.status)},
                       {"expected", f.expected}, {"actual", f.actual}, {"source", f.source}};
    results.push_back(std::move(r));
  }
  // The evidence behind the results, with who signed each bundle (null: unsigned).
  ordered_json bundles = ordered_json::array();
  for (const NodeInfo& b : c.bundles) {
    bundles.push_back({{"cluster", b.cluster}, {"node", b.node}, {"collectedAt", b.started_at}, {"sha256", b.sha256},
                       {"signedBy", b.signer.empty() ? ordered_json() : ordered_json(b.signer)},
                       {"signerTrusted", b.signer_trusted}});
  }
  ordered_json doc;
  doc["$schema"] = kSarifSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array(
      {{{"tool", {{"driver", {{"name", "kubeproof"}, {"version", KUBEPROOF_VERSION}, {"rules", rules}}}}},
        {"results", results},
        {"properties", {{"benchmark", c.benchmark}, {"benchmarkTitle", c.benchmark_title}, {"bundles", bundles}}}}});
  // Bundle text is not guaranteed UTF-8: replace bad bytes rather than throw.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kubeproof
