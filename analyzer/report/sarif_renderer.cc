#include "analyzer/report/sarif_renderer.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analyzer/report/json_stream.h"
#include "analyzer/report/report_words.h"

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

ordered_json RuleJson(const std::string& benchmark, const CheckInfo& i) {
  return {{"id", i.id},
          {"shortDescription", {{"text", i.title}}},
          {"fullDescription", {{"text", "Expected: " + i.expected}}},
          {"help", {{"text", i.remediation}}},
          {"properties", {{"benchmark", benchmark}, {"section", i.section}, {"scored", i.scored},
                          {"automated", i.automated}, {"component", i.component}}}};
}

// The rules before the results come from the table, then each result as its finding arrives,
// then the run's properties.
class SarifReport : public FindingWriter {
 public:
  explicit SarifReport(std::ostream& out) : json_(out, true) {}

  bool Counted() const override { return false; }

  void Begin(const Comparison& c) override {
    table_ = &c;
    ordered_json rules = ordered_json::array();
    for (const auto& check : c.checks) {
      const CheckInfo& i = check.check;
      rule_index_[i.id] = rules.size();
      scored_[i.id] = i.scored;
      rules.push_back(RuleJson(c.benchmark, i));
    }
    json_.Open("", '{');
    json_.Member("$schema", kSarifSchema);
    json_.Member("version", "2.1.0");
    json_.Open("runs", '[');
    json_.Open("", '{');
    json_.Member("tool", {{"driver", {{"name", "kubeproof"}, {"version", KUBEPROOF_VERSION}, {"rules", rules}}}});
    json_.Open("results", '[');
  }

  // Built as text: a million results through nlohmann documents would double the report's time.
  void Add(const FindingRow& f) override {
    JsonText r(json_.depth());
    r.Open("", '{').String("ruleId", f.check_id);
    if (auto it = rule_index_.find(f.check_id); it != rule_index_.end()) {
      r.Int("ruleIndex", static_cast<std::int64_t>(it->second));
    }
    // SARIF allows a level other than "none" only for results of kind "fail".
    switch (f.status) {
      case CheckStatus::kFail:
      case CheckStatus::kWaived: r.String("kind", "fail").String("level", scored_[f.check_id] ? "error" : "warning"); break;
      case CheckStatus::kPass: r.String("kind", "pass").String("level", "none"); break;
      case CheckStatus::kManual: r.String("kind", "review").String("level", "none"); break;
      case CheckStatus::kUnverifiable: r.String("kind", "open").String("level", "none"); break;
    }
    std::string where = f.cluster.empty() ? f.node : f.cluster + "/" + f.node;
    std::string text = std::string(CheckStatusName(f.status)) + " on " + where + ": " + f.reason;
    if (!f.actual.empty()) text += " (actual: " + f.actual + ")";
    r.Open("message", '{').String("text", text).Close();
    if (auto path = FindingPath(f)) {
      r.Open("locations", '[').Open("", '{');
      r.Open("physicalLocation", '{').Open("artifactLocation", '{').String("uri", FileUri(*path)).Close().Close();
      r.Open("logicalLocations", '[').Open("", '{').String("name", where).String("kind", "module").Close().Close();
      r.Close().Close();
    }
    if (f.waiver) {
      r.Open("suppressions", '[').Open("", '{').String("kind", "external").String("status", "accepted");
      r.String("justification", WaiverApproval(*f.waiver));
      r.Close().Close();
    }
    r.Open("properties", '{')
        .String("cluster", f.cluster)
        .String("node", f.node)
        .String("status", CheckStatusName(f.status))
        .String("expected", f.expected)
        .String("actual", f.actual)
        .String("source", f.source)
        .Close();
    json_.Element(r.Close());
  }

  void End() override {
    json_.Close();
    // The evidence behind the results, with who signed each bundle (null: unsigned).
    json_.Open("properties", '{');
    json_.Member("benchmark", table_->benchmark);
    json_.Member("benchmarkTitle", table_->benchmark_title);
    json_.Open("bundles", '[');
    for (const NodeInfo& b : table_->bundles) {
      json_.Element({{"cluster", b.cluster}, {"node", b.node}, {"collectedAt", b.started_at}, {"sha256", b.sha256},
                     {"signedBy", b.signer.empty() ? ordered_json() : ordered_json(b.signer)},
                     {"signerTrusted", b.signer_trusted}});
    }
    json_.Close();
    json_.Close();
    json_.Close();
    json_.Close();
    json_.Close();
  }

 private:
  JsonStream json_;
  const Comparison* table_ = nullptr;  // Begin's, which outlives End
  std::unordered_map<std::string, size_t> rule_index_;
  std::unordered_map<std::string, bool> scored_;
};

}  // namespace

std::optional<std::string> FindingPath(const FindingRow& finding) {
  if (auto p = FirstPath(finding.source)) return p;
  return FirstPath(finding.actual);
}

std::unique_ptr<FindingWriter> SarifWriter(std::ostream& out) { return std::make_unique<SarifReport>(out); }

}  // namespace kubeproof
