#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/commands/command.h"
#include "analyzer/report/csv_renderer.h"
#include "analyzer/report/junit_renderer.h"
#include "analyzer/report/sarif_renderer.h"
#include "analyzer/report/streamed_report.h"
#include "tests/analyzer/report_test_db.h"
#include "tests/analyzer/report_xml_check.h"

namespace kubeproof {
namespace {

// The report in `format` by cluster, with a waiver that turns 1.1.1 in beta WAIVED.
std::string TwoClusterReport(const testing::TestDatabase& db, ReportFormat format) {
  ReportRequest request;
  request.filter = testing::TestFilter();
  request.group_by = GroupBy::kCluster;
  request.waivers = std::make_shared<const std::vector<Waiver>>(std::vector<Waiver>{
      Waiver{"1.1.1", std::nullopt, "beta", std::nullopt, "manifest is root-only by policy", "auditor", "2030-01-01",
             "test entry 1"}});
  request.today = "2026-01-01";
  request.format = format;
  return testing::Report(db, request);
}

// How many findings the report shows: every one.
size_t FindingCount(const testing::TestDatabase& db) { return testing::Findings(db, testing::TestFilter()).size(); }

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("CSV has a header and one row per finding, quoting commas and quotes", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string csv = TwoClusterReport(db, ReportFormat::kCsv);
  size_t lines = static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n'));
  CHECK(lines == FindingCount(db) + 1);
  CHECK(csv.rfind("benchmark,cluster,node,check_id,", 0) == 0);
  CHECK(csv.find(",\"anonymous auth, \"\"quoted\"\", is on\",") != std::string::npos);
  CHECK(csv.find("test-1.0,beta,b1,1.1.1,1.1,API server manifest is 600,1,WAIVED,") != std::string::npos);
  CHECK(CsvField("a\nb") == "\"a\nb\"");
  CHECK(CsvField("plain") == "plain");
}

TEST_CASE("JSON carries format_version 1, columns, sections, checks, findings and waivers", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto j = nlohmann::json::parse(TwoClusterReport(db, ReportFormat::kJson));
  CHECK(j["format_version"] == 1);
  CHECK(j["benchmark"]["id"] == "test-1.0");
  CHECK(j["group_by"] == "cluster");
  CHECK(j["columns"][1]["nodes"] == nlohmann::json::array({"b1"}));
  CHECK(j["sections"][0]["id"] == "1.1");
  CHECK(j["sections"][0]["columns"][0]["percent_met"].is_null());
  CHECK(j["sections"][0]["columns"][1]["WAIVED"] == 1);
  CHECK(j["sections"][0]["columns"][1]["percent_met"] == 100);
  CHECK(j["sections"][0]["columns"][1]["percent_met_without_waivers"] == 0);
  CHECK(j["checks"][3]["columns"][0]["status"] == "FAIL");
  CHECK(j["checks"][3]["columns"][0]["nodes"]["PASS"] == 1);
  CHECK(j["findings"].size() == FindingCount(db));
  CHECK(j["waivers"][0]["state"] == "applied");
}

TEST_CASE("JSON survives bundle text that is not UTF-8", "[report]") {
  auto nodes = testing::TwoClusters();
  nodes[0].findings[1].actual = "bad \xff byte";
  testing::TestDatabase db(nodes);
  CHECK(nlohmann::json::accept(TwoClusterReport(db, ReportFormat::kJson)));
  CHECK(nlohmann::json::accept(TwoClusterReport(db, ReportFormat::kSarif)));
}

TEST_CASE("JUnit has a testcase per node and check, failures for FAIL, skipped for UNVERIFIABLE and MANUAL", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string xml = TwoClusterReport(db, ReportFormat::kJunit);
  CHECK(testing::XmlWellFormed(xml) == "");
  CHECK(xml.find("<testsuites name=\"kubeproof test-1.0\" tests=\"15\" failures=\"2\" errors=\"0\" skipped=\"6\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"alpha/a2\" tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"3\">") != std::string::npos);
  CHECK(xml.find("message=\"anonymous auth, &quot;quoted&quot;, is on\"") != std::string::npos);
  CHECK(XmlEscape("a\x01<b>&") == "a&lt;b&gt;&amp;");
}

TEST_CASE("the small XML check catches what a CI parser would reject", "[report]") {
  CHECK(testing::XmlWellFormed("<a><b/></a>") == "");
  CHECK(testing::XmlWellFormed("<a><b></a>") != "");
  CHECK(testing::XmlWellFormed("<a x=\"1\" x=\"2\"/>") != "");
  CHECK(testing::XmlWellFormed("<a>&bogus;</a>") != "");
  CHECK(testing::XmlWellFormed("<a>1 < 2</a>") != "");
  CHECK(testing::XmlWellFormed("<a/><b/>") != "");
}

TEST_CASE("SARIF has the 2.1.0 required fields, a rule per check and locations for files", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  auto j = nlohmann::json::parse(TwoClusterReport(db, ReportFormat::kSarif));
  CHECK(j["version"] == "2.1.0");
  CHECK(j["$schema"].get<std::string>().find("sarif") != std::string::npos);
  REQUIRE(j["runs"].size() == 1);
  const auto& run = j["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "kubeproof");
  CHECK(run["tool"]["driver"]["rules"].size() == 5);
  REQUIRE(run["results"].size() == FindingCount(db));
  for (const auto& r : run["results"]) {
    CHECK(r["ruleId"].is_string());
    CHECK(r["message"]["text"].is_string());
    std::string level = r["level"];
    CHECK((level == "error" || level == "warning" || level == "none"));
    if (r["kind"] != "fail") CHECK(level == "none");
    CHECK(run["tool"]["driver"]["rules"][r["ruleIndex"].get<size_t>()]["id"] == r["ruleId"]);
  }
  bool saw_location = false, saw_suppression = false;
  for (const auto& r : run["results"]) {
    if (r.contains("locations")) {
      saw_location = true;
      CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().rfind("file:///", 0) == 0);
    }
    if (r.contains("suppressions")) saw_suppression = r["suppressions"][0]["kind"] == "external";
  }
  CHECK(saw_location);
  CHECK(saw_suppression);
}

TEST_CASE("a finding's file is taken from its source, else from its actual value", "[report]") {
  FindingRow f;
  f.source = "config file /var/lib/kubelet/config.yaml key readOnlyPort";
  f.actual = "/etc/other mode 0644";
  CHECK(FindingPath(f) == "/var/lib/kubelet/config.yaml");
  f.source = "flag on running kubelet (pid 812)";
  CHECK(FindingPath(f) == "/etc/other");
  f.actual = "10255";
  CHECK_FALSE(FindingPath(f).has_value());
}

TEST_CASE("markdown shows the table with escaped cells and the waiver list", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string md = TwoClusterReport(db, ReportFormat::kMarkdown);
  CHECK(md.find("| section | alpha | beta |\n| --- | ---: | ---: |\n") != std::string::npos);
  CHECK(md.find("| 1.1 Control plane node configuration files | — | 1/1 100% ◎\\* |") != std::string::npos);
  CHECK(md.find("| applied | check 1.1.1 in cluster beta: applied to 1 finding(s), expires 2030-01-01 |") != std::string::npos);
}

TEST_CASE("report exits 0 whatever the findings, 1 when --fail-on matches, 2 on usage errors", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string out = (db.dir() / "out.txt").string();
  std::vector<std::string> base = {"--db", db.path().string(), "-o", out};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return RunReport(args);
  };
  CHECK(run({}) == kExitOk);
  CHECK(ReadFile(out).find("Test Benchmark v1.0") != std::string::npos);
  CHECK(run({"--fail-on", "fail"}) == kExitRejected);
  // --node and --cluster choose the nodes the report is about: b1 has nothing unverifiable.
  CHECK(run({"--fail-on", "unverifiable", "--node", "b1"}) == kExitOk);
  CHECK(run({"--fail-on", "fail", "--cluster", "alpha", "--check", "4.2.1"}) == kExitRejected);
  CHECK(run({"--fail-on", "unverifiable"}) == kExitRejected);
  CHECK(run({"--fail-on", "broken"}) == kExitUsage);
  CHECK(run({"--format", "xml"}) == kExitUsage);
  CHECK(run({"--thresholds", "1,2,3"}) == kExitUsage);
  CHECK(run({"--check", "9.9"}) == kExitUsage);
  CHECK(RunReport({"--db", (db.dir() / "missing.db").string()}) == kExitError);
}

TEST_CASE("report --fail-on judges every finding of the chosen nodes, whatever --section, --check, --status or --scored-only shows",
          "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string out = (db.dir() / "out.txt").string();
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--db", db.path().string(), "-o", out, "--fail-on", "fail"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunReport(args);
  };
  // Section 4.1 has no FAIL, but 1.1.1 fails on b1 and 4.2.2 on a2.
  CHECK(run({"--section", "4.1"}) == kExitRejected);
  CHECK(ReadFile(out).find("1.1") == std::string::npos);
  CHECK(run({"--status", "pass"}) == kExitRejected);
  CHECK(run({"--check", "4.2.3", "--scored-only"}) == kExitRejected);
  CHECK(run({"--cluster", "alpha", "--check", "4.2.1"}) == kExitRejected);
  // --node chooses the nodes judged: a1 itself fails nothing.
  CHECK(run({"--node", "a1"}) == kExitOk);
  CHECK(run({"--node", "a2", "--section", "1.1"}) == kExitRejected);
  // An unfiltered database with no failure still exits 0.
  testing::TestDatabase clean({{"c", "n", {{"4.2.1", CheckStatus::kPass}}}});
  CHECK(RunReport({"--db", clean.path().string(), "-o", out, "--fail-on", "fail"}) == kExitOk);
}

TEST_CASE("report --waivers turns a failing check WAIVED and --fail-on fail no longer matches", "[report]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string out = (db.dir() / "out.json").string();
  std::string waivers = (db.dir() / "waivers.yaml").string();
  std::ofstream(waivers) << "waivers:\n"
                            "  - {check: 4.2.2, cluster: alpha, justification: j, approved_by: a, expires: 2030-01-01}\n"
                            "  - {check: 4.2.1, nodes: b1, justification: j, approved_by: a, expires: 2030-01-01}\n"
                            "  - {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n";
  CHECK(RunReport({"--db", db.path().string(), "--waivers", waivers, "--as-of", "2026-01-01", "--format", "json", "-o",
                   out, "--fail-on", "fail"}) == kExitOk);
  auto j = nlohmann::json::parse(ReadFile(out));
  for (const auto& w : j["waivers"]) CHECK(w["state"] == "applied");
  CHECK(RunReport({"--db", db.path().string(), "--waivers", waivers, "--as-of", "2031-01-01", "-o", out, "--fail-on",
                   "fail"}) == kExitRejected);
  CHECK(ReadFile(out).find("expired    check 4.2.2 in cluster alpha: expired 2030-01-01, not applied") != std::string::npos);
}

}  // namespace
}  // namespace kubeproof
