#include "analyzer/report/junit_renderer.h"

#include <unordered_map>
#include <vector>

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

std::string Attribute(const std::string& name, const std::string& value) { return " " + name + "=\"" + XmlEscape(value) + "\""; }

std::string Details(const FindingRow& f) {
  std::string out = "expected: " + f.expected + "\nactual: " + f.actual + "\nsource: " + f.source + "\nreason: " + f.reason;
  if (f.waiver) {
    out += "\nwaived: " + WaiverApproval(*f.waiver);
  }
  return out;
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += ch;
    }
  }
  return out;
}

namespace {

// The suites in node label order, each held until its node's last finding: the document's
// totals come from the table, a suite's from its own findings.
class JunitReport : public FindingWriter {
 public:
  explicit JunitReport(std::ostream& out) : out_(out) {}

  std::optional<FindingOrder> Order() const override { return FindingOrder::kByNode; }

  void Begin(const Comparison& c) override {
    benchmark_ = c.benchmark;
    for (const auto& check : c.checks) checks_[check.check.id] = &check.check;
    for (const NodeInfo& b : c.bundles) bundles_[b.bundle_id] = &b;
    StatusCounts all;
    for (const auto& check : c.checks) {
      for (const auto& outcome : check.columns) {
        if (!outcome) continue;
        for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kWaived, CheckStatus::kManual,
                              CheckStatus::kUnverifiable}) {
          all.Add(s, outcome->nodes.Get(s));
        }
      }
    }
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" << Attribute("name", "kubeproof " + c.benchmark)
         << Attribute("tests", std::to_string(all.Total())) << Attribute("failures", std::to_string(all.Get(CheckStatus::kFail)))
         << Attribute("errors", "0")
         << Attribute("skipped", std::to_string(all.Get(CheckStatus::kUnverifiable) + all.Get(CheckStatus::kManual)))
         << ">\n";
  }

  void Add(const FindingRow& f) override {
    if (!suite_.empty() && suite_.front().bundle_id != f.bundle_id) Flush();
    suite_.push_back(f);
  }

  void End() override {
    Flush();
    out_ << "</testsuites>\n";
  }

 private:
  void Flush() {
    if (suite_.empty()) return;
    int failures = 0, skipped = 0;
    std::string cases;
    for (const FindingRow& f : suite_) {
      auto it = checks_.find(f.check_id);
      std::string title = it == checks_.end() ? "" : " " + it->second->title;
      cases += "    <testcase" + Attribute("classname", benchmark_ + "." + f.section) +
               Attribute("name", f.check_id + title) + ">\n";
      switch (f.status) {
        case CheckStatus::kFail:
          ++failures;
          cases += "      <failure" + Attribute("type", "FAIL") + Attribute("message", f.reason) + ">" +
                   XmlEscape(Details(f)) + "</failure>\n";
          break;
        case CheckStatus::kUnverifiable:
        case CheckStatus::kManual:
          ++skipped;
          cases += "      <skipped" + Attribute("message", std::string(CheckStatusName(f.status)) + ": " + f.reason) + "/>\n";
          break;
        case CheckStatus::kPass:
        case CheckStatus::kWaived:
          cases += "      <system-out>" + XmlEscape(std::string(CheckStatusName(f.status)) + "\n" + Details(f)) +
                   "</system-out>\n";
          break;
      }
      cases += "    </testcase>\n";
    }
    const FindingRow& first = suite_.front();
    std::string properties;
    if (auto b = bundles_.find(first.bundle_id); b != bundles_.end()) {
      properties = "    <properties>\n      <property" + Attribute("name", "bundle_sha256") +
                   Attribute("value", b->second->sha256) + "/>\n      <property" + Attribute("name", "signed_by") +
                   Attribute("value", SignerText(*b->second)) + "/>\n    </properties>\n";
    }
    out_ << "  <testsuite" << Attribute("name", NodeLabel(first.cluster, first.node))
         << Attribute("tests", std::to_string(suite_.size())) << Attribute("failures", std::to_string(failures))
         << Attribute("errors", "0") << Attribute("skipped", std::to_string(skipped)) << ">\n"
         << properties << cases << "  </testsuite>\n";
    suite_.clear();
  }

  std::ostream& out_;
  std::string benchmark_;
  std::unordered_map<std::string, const CheckInfo*> checks_;  // the table's, which outlives End
  std::unordered_map<std::int64_t, const NodeInfo*> bundles_;
  std::vector<FindingRow> suite_;  // one node's findings
};

}  // namespace

std::unique_ptr<FindingWriter> JunitWriter(std::ostream& out) { return std::make_unique<JunitReport>(out); }

}  // namespace kubeproof
