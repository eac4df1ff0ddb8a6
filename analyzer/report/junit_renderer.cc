#include "analyzer/report/junit_renderer.h"

#include <algorithm>
#include <map>

#include "analyzer/report/bundle_list.h"

namespace kubeproof {
namespace {

std::string Attribute(const std::string& name, const std::string& value) { return " " + name + "=\"" + XmlEscape(value) + "\""; }

std::string Details(const FindingRow& f) {
  std::string out = "expected: " + f.expected + "\nactual: " + f.actual + "\nsource: " + f.source + "\nreason: " + f.reason;
  if (f.waiver) {
    out += "\nwaived: " + f.waiver->justification + " (approved by " + f.waiver->approved_by + ", expires " +
           f.waiver->expires + ")";
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

std::string RenderJunit(const Comparison& c) {
  std::map<std::string, const CheckInfo*> checks;
  for (const auto& check : c.checks) checks[check.check.id] = &check.check;
  std::map<std::int64_t, const NodeInfo*> bundles;
  for (const NodeInfo& b : c.bundles) bundles[b.bundle_id] = &b;
  // Suites in the findings' node order, which is cluster then node.
  std::vector<std::pair<std::string, std::vector<const FindingRow*>>> suites;
  std::map<std::string, size_t> suite_of;
  for (const auto& f : c.findings) {
    std::string name = f.cluster.empty() ? f.node : f.cluster + "/" + f.node;
    auto [it, added] = suite_of.emplace(name, suites.size());
    if (added) suites.push_back({name, {}});
    suites[it->second].second.push_back(&f);
  }
  std::sort(suites.begin(), suites.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  int tests = 0, failures = 0, skipped = 0;
  std::string body;
  for (const auto& [name, findings] : suites) {
    int suite_failures = 0, suite_skipped = 0;
    std::string cases;
    for (const FindingRow* f : findings) {
      auto it = checks.find(f->check_id);
      std::string title = it == checks.end() ? "" : " " + it->second->title;
      cases += "    <testcase" + Attribute("classname", c.benchmark + "." + f->section) +
               Attribute("name", f->check_id + title) + ">\n";
      switch (f->status) {
        case CheckStatus::kFail:
          ++suite_failures;
          cases += "      <failure" + Attribute("type", "FAIL") + Attribute("message", f->reason) + ">" +
                   XmlEscape(Details(*f)) + "</failure>\n";
          break;
        case CheckStatus::kUnverifiable:
        case CheckStatus::kManual:
          ++suite_skipped;
          cases += "      <skipped" + Attribute("message", std::string(CheckStatusName(f->status)) + ": " + f->reason) + "/>\n";
          break;
        case CheckStatus::kPass:
        case CheckStatus::kWaived:
          cases += "      <system-out>" + XmlEscape(std::string(CheckStatusName(f->status)) + "\n" + Details(*f)) +
                   "</system-out>\n";
          break;
      }
      cases += "    </testcase>\n";
    }
    tests += static_cast<int>(findings.size());
    failures += suite_failures;
    skipped += suite_skipped;
    std::string properties;
    if (auto b = bundles.find(findings.front()->bundle_id); b != bundles.end()) {
      properties = "    <properties>\n      <property" + Attribute("name", "bundle_sha256") +
                   Attribute("value", b->second->sha256) + "/>\n      <property" + Attribute("name", "signed_by") +
                   Attribute("value", SignerText(*b->second)) + "/>\n    </properties>\n";
    }
    body += "  <testsuite" + Attribute("name", name) + Attribute("tests", std::to_string(findings.size())) +
            Attribute("failures", std::to_string(suite_failures)) + Attribute("errors", "0") +
            Attribute("skipped", std::to_string(suite_skipped)) + ">\n" + properties + cases + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + Attribute("name", "kubeproof " + c.benchmark) +
         Attribute("tests", std::to_string(tests)) + Attribute("failures", std::to_string(failures)) +
         Attribute("errors", "0") + Attribute("skipped", std::to_string(skipped)) + ">\n" + body + "</testsuites>\n";
}

}  // namespace kubeproof
