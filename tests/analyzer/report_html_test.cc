// The HTML report: escaping of hostile evidence, the policy that forbids loads, folding at fleet
// size, determinism, and files that are complete or absent.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "analyzer/report/html_check.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/html_report.h"
#include "common/sha256.h"
#include "tests/analyzer/report_test_db.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

using testing::TestDatabase;
using testing::TestNode;
using S = CheckStatus;

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string Between(const std::string& text, const std::string& open, const std::string& close) {
  size_t start = text.find(open);
  REQUIRE(start != std::string::npos);
  start += open.size();
  size_t end = text.find(close, start);
  REQUIRE(end != std::string::npos);
  return text.substr(start, end - start);
}

HtmlReportRequest Request(std::vector<std::string> benchmarks = {"test-1.0"}) {
  HtmlReportRequest r;
  r.benchmarks = std::move(benchmarks);
  r.today = "2026-01-01";
  r.context.generated_on = "2026-01-01";
  return r;
}

std::string Render(const TestDatabase& fixture, const HtmlReportRequest& request) {
  auto db = Database::Open(fixture.path(), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  std::ostringstream out;
  auto written = WriteHtmlReport(db->get(), request, out);
  REQUIRE(written.ok());
  return out.str();
}

// Evidence written by an attacker who controls a node's configuration files.
std::vector<TestNode> HostileNodes() {
  return {{"prod",
           "n1",
           {{"4.2.1", S::kFail, "</style><script>alert('actual')</script>",
             "config file </textarea><b>x</b>", "reason \"><img src=x onerror=alert(1)>"},
            {"4.2.2", S::kFail, "<!-- --><svg onload=alert(2)>", "",
             "</script><script>alert(3)</script>"},
            {"1.1.1", S::kPass, "ok & fine"}}},
          {"prod", "n2", {{"4.2.1", S::kPass, std::string("bad \x01 control and \xC3\x28 byte")}}},
          // Names come from the collector's command line: an operator may type anything.
          {"<b>c\"l</b>", "<img src=x onerror=alert(4)>", {{"4.2.1", S::kFail, "x"}}}};
}

TEST_CASE("HTML escaping turns markup into text and replaces what HTML forbids", "[report][html]") {
  CHECK(HtmlEscape("<script>a && b</script>") == "&lt;script&gt;a &amp;&amp; b&lt;/script&gt;");
  CHECK(HtmlEscape("\"quoted\" 'single'") == "&quot;quoted&quot; &#39;single&#39;");
  CHECK(HtmlEscape("tab\tand\nline") == "tab\tand\nline");
  CHECK(HtmlEscape("nul\x01here") == "nul\xEF\xBF\xBDhere");
  CHECK(HtmlEscape("\xC3\x28") == "\xEF\xBF\xBD(");  // a lead byte without its continuation
  CHECK(HtmlEscape("\xED\xA0\x80") ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate: each byte, as browsers do
  CHECK(HtmlEscape("\xC0\xAF") ==
        "\xEF\xBF\xBD\xEF\xBF\xBD");  // an overlong '/' is refused byte by byte
  CHECK(HtmlEscape("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
  CHECK(HtmlEscape("\xEF\xBF\xBE") == "\xEF\xBF\xBD");  // a noncharacter
}

TEST_CASE(
    "hostile evidence in the HTML report stays text: no script, style end or element of its own",
    "[report][html]") {
  TestDatabase fixture(HostileNodes());
  std::string html = Render(fixture, Request());
  CHECK(Count(html, "<script") == 1);  // the report's own script, at the end
  CHECK(Count(html, "</script>") == 1);
  CHECK(Count(html, "<style>") == 1);
  CHECK(Count(html, "</style>") == 1);
  CHECK(Count(html, "<img") == 0);
  CHECK(Count(html, "<b>") == 0);
  CHECK(html.find("&lt;b&gt;c&quot;l&lt;/b&gt;/&lt;img src=x onerror=alert(4)&gt;") !=
        std::string::npos);
  CHECK(Count(html, "<svg onload") == 0);
  CHECK(Count(html, "<!-- -->") == 0);
  CHECK(Count(html, "</textarea>") == 0);
  CHECK(html.find("&lt;/style&gt;&lt;script&gt;alert(&#39;actual&#39;)&lt;/script&gt;") !=
        std::string::npos);
  CHECK(html.find("reason &quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("ok &amp; fine") != std::string::npos);
  CHECK(html.find("bad \xEF\xBF\xBD control and \xEF\xBF\xBD( byte") != std::string::npos);
  CHECK(html.find('\x01') == std::string::npos);
}

TEST_CASE("the HTML report's policy allows exactly its own style and script and no load",
          "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  std::string html = Render(fixture, Request());
  std::string policy =
      Between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
  std::string style = Between(html, "<style>", "</style>");
  std::string script = Between(html, "<script>", "</script>");
  CHECK(policy.find("default-src 'none'") != std::string::npos);
  CHECK(policy.find("style-src 'sha256-" + Sha256Base64(style) + "'") != std::string::npos);
  CHECK(policy.find("script-src 'sha256-" + Sha256Base64(script) + "'") != std::string::npos);
  CHECK(html.find("http:") == std::string::npos);
  CHECK(html.find("https:") == std::string::npos);
  CHECK(html.find("style=\"") ==
        std::string::npos);  // inline style attributes would need 'unsafe-inline'
  CHECK(std::regex_search(html, std::regex(" on[a-z]+=")) ==
        false);  // no inline event handlers either
}

TEST_CASE(
    "the HTML report shows header, summary per cluster, every check with its evidence, in that "
    "order",
    "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  std::string html = Render(fixture, Request());
  size_t header = html.find("<header"), summary = html.find("<section class=\"benchmark\""),
         checks = html.find("<section class=\"checks\"");
  REQUIRE(header != std::string::npos);
  REQUIRE(summary != std::string::npos);
  REQUIRE(checks != std::string::npos);
  CHECK(header < summary);
  CHECK(summary < checks);
  CHECK(html.find("alpha/a1@2026-01-01T00:00:00Z") != std::string::npos);  // the bundle's checksum
  CHECK(html.find("Not met: 3 checks fail on 2 of 3 nodes") != std::string::npos);
  CHECK(Count(html, "<figure>") == 2);  // a chart per cluster
  CHECK(html.find("<rect class=\"bar-FAIL\"") != std::string::npos);
  // 4.2.2 fails on a2 only; its article carries the states and clusters the filters use.
  std::string article =
      Between(html, "<article class=\"check\" id=\"test-1.0-4.2.2\"", "</article>");
  CHECK(article.find("data-statuses=\"FAIL PASS\"") != std::string::npos);
  CHECK(article.find("data-clusters=\"c0 c1\"") != std::string::npos);
  CHECK(article.find("flag --read-only-port on running kubelet (pid 812)") != std::string::npos);
  CHECK(article.find("fix 4.2.2") != std::string::npos);
  CHECK(html.find("<form id=\"filters\" hidden>") != std::string::npos);
}

TEST_CASE("a waived finding in the HTML report shows its justification, approver and expiry",
          "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  HtmlReportRequest request = Request();
  request.waivers = std::make_shared<const std::vector<Waiver>>(std::vector<Waiver>{
      {"4.2.2", std::nullopt, std::string("alpha"), std::nullopt, "port firewalled at the node",
       "security team", "2026-06-30", "waivers.yaml entry 1"}});
  std::string html = Render(fixture, request);
  std::string article = Between(html, "id=\"test-1.0-4.2.2\"", "</article>");
  CHECK(article.find("data-statuses=\"PASS WAIVED\"") != std::string::npos);
  CHECK(
      article.find(
          "waived: port firewalled at the node (approved by security team, expires 2026-06-30)") !=
      std::string::npos);
  CHECK(html.find("<section class=\"waivers\"") != std::string::npos);
}

TEST_CASE("the HTML report is the same byte for byte for the same database and options",
          "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  CHECK(Render(fixture, Request()) == Render(fixture, Request()));
}

TEST_CASE("at fleet size a check's nodes fold into groups by outcome, naming the nodes to act on",
          "[report][html]") {
  std::vector<FindingRow> rows;
  for (int i = 0; i < 1200; ++i) {
    FindingRow f;
    f.bundle_id = i;
    f.cluster = i < 600 ? "east" : "west";
    f.node = "node-" + std::to_string(10000 + i);
    f.check_id = "4.2.1";
    f.section = "4.2";
    f.status = i % 100 == 0 ? S::kUnverifiable : i < 1150 ? S::kFail : S::kPass;
    f.actual = f.status == S::kFail ? "true" : "false";
    f.source = "flag --anonymous-auth";
    f.reason = f.status == S::kUnverifiable ? "file unreadable" : "";
    rows.push_back(f);
  }
  CheckInfo check{"4.2.1",   "4.2",   "Anonymous auth is off", true, true,
                  "kubelet", "false", "set it to false"};
  std::ostringstream out;
  WriteCheckDetail(out, "test-1.0", check, rows, {{"east", "c0"}, {"west", "c1"}});
  std::string html = out.str();
  CHECK(html.find("<table class=\"groups\">") != std::string::npos);
  CHECK(Count(html, "<tr data-status=") == 3);          // FAIL, UNVERIFIABLE, PASS
  CHECK(html.find("node-10001") != std::string::npos);  // a failing node, named
  CHECK(html.find("node-10000") != std::string::npos);  // an unverifiable one, named
  CHECK(html.find("node-11199") == std::string::npos);  // a passing one, counted only
  CHECK(
      html.find(
          " and 138 more (kubeproof report --format csv --check 4.2.1 --status FAIL lists them)") !=
      std::string::npos);                                              // 1138 failing, 1000 named
  CHECK(html.find("<td class=\"num\">50</td>") != std::string::npos);  // the 50 passing, as a count
  CHECK(html.size() < 40000);
}

TEST_CASE("a small report lists every node of a check on its own row", "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  std::string html = Render(fixture, Request());
  std::string article = Between(html, "id=\"test-1.0-4.2.1\"", "</article>");
  CHECK(Count(article, "<tr data-status=") == 3);
  CHECK(article.find("<table class=\"nodes\">") != std::string::npos);
}

TEST_CASE(
    "the HTML report ends with the changes since the previous audit: flips both ways, a vanished "
    "node",
    "[report][html][changes]") {
  std::vector<TestNode> nodes = {
      {"prod",
       "n1",
       {{"4.2.1", S::kPass, "false"}, {"4.2.2", S::kFail, "10255"}},
       "2026-01-01T00:00:00Z"},
      {"prod", "n2", {{"4.2.1", S::kPass, "false"}}, "2026-01-01T00:00:00Z"},
      {"prod",
       "n1",
       {{"4.2.1", S::kFail, "<b>true</b>"}, {"4.2.2", S::kPass, "0"}},
       "2026-02-01T00:00:00Z"},
  };
  nodes[2].ingest_run = 2;
  TestDatabase fixture(nodes);
  std::string html = Render(fixture, Request());
  std::string section = Between(html, "<section class=\"changes\" id=\"changes\">", "</section>");
  CHECK(section.find("1 node compared, 1 with changes; 0 appeared, 1 vanished") !=
        std::string::npos);
  CHECK(section.find("<h3>prod/n1</h3>") != std::string::npos);
  CHECK(section.find("test-1.0 4.2.1") != std::string::npos);
  CHECK(section.find("&lt;b&gt;true&lt;/b&gt;") != std::string::npos);
  CHECK(section.find("<span class=\"status PASS\">PASS</span></td><td><span class=\"status "
                     "FAIL\">FAIL</span>") != std::string::npos);  // 4.2.1 PASS then FAIL
  CHECK(section.find("<span class=\"status FAIL\">FAIL</span></td><td><span class=\"status "
                     "PASS\">PASS</span>") != std::string::npos);  // 4.2.2 FAIL then PASS
  CHECK(section.find("Nodes that vanished") != std::string::npos);
  CHECK(section.find("<td>prod/n2</td>") != std::string::npos);
  CHECK(html.find("<a href=\"#changes\">") != std::string::npos);
  // The checks show each node's newest bundle: n1 fails 4.2.1 now; n2, not collected again, still
  // passes.
  CHECK(Between(html, "id=\"test-1.0-4.2.1\"", "</article>").find("data-statuses=\"FAIL PASS\"") !=
        std::string::npos);
}

TEST_CASE("an HTML report of a first audit has no changes section", "[report][html][changes]") {
  TestDatabase fixture(testing::TwoClusters());
  std::string html = Render(fixture, Request());
  CHECK(html.find("id=\"changes\"") == std::string::npos);
}

TEST_CASE("report --format html writes the whole file or none", "[report][html]") {
  TestDatabase fixture(testing::TwoClusters());
  std::string out = (fixture.dir() / "audit.html").string();
  auto ok = testing::RunProgram({testing::KubeproofBinary(), "report", "--db",
                                 fixture.path().string(), "--format", "html", "-o", out});
  REQUIRE(ok.exit_code == 0);
  std::ifstream in(out);
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>\n") == html.size() - 8);

  std::string missing = (fixture.dir() / "no-such-dir" / "audit.html").string();
  auto refused = testing::RunProgram({testing::KubeproofBinary(), "report", "--db",
                                      fixture.path().string(), "--format", "html", "-o", missing});
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find(missing) != std::string::npos);
  CHECK(Count(refused.err, "\n") == 1);

  auto bad_date =
      testing::RunProgram({testing::KubeproofBinary(), "report", "--db", fixture.path().string(),
                           "--format", "html", "--since", "yesterday", "-o", out + ".2"});
  CHECK(bad_date.exit_code == 2);
  for (const auto& entry : std::filesystem::directory_iterator(fixture.dir())) {
    CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(out + ".2"));
}

}  // namespace
}  // namespace kubeproof
