#include <catch2/catch.hpp>

#include "analyzer/report/cell_format.h"
#include "analyzer/report/comparison.h"
#include "analyzer/report/rating.h"
#include "analyzer/report/summary.h"
#include "analyzer/report/terminal.h"
#include "analyzer/report/text_renderer.h"
#include "tests/analyzer/report_test_db.h"

namespace kubeproof {
namespace {

using testing::TestDatabase;

// The table every report counts first, without waivers.
Comparison Load(const TestDatabase& tdb, GroupBy by, ReportFilter filter = testing::TestFilter()) {
  auto db = Database::Open(tdb.path(), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto frame = LoadReportFrame(db->get(), filter);
  REQUIRE(frame.ok());
  WaiverMatcher none(std::vector<Waiver>{}, "2026-01-01");
  auto table = SummarizeBenchmark(db->get(), *frame, by, &none, {});
  REQUIRE(table.ok());
  return std::move(*table);
}

const CheckOutcome& Outcome(const Comparison& c, const std::string& check, const std::string& column) {
  for (const auto& row : c.checks) {
    if (row.check.id != check) continue;
    for (size_t i = 0; i < c.columns.size(); ++i) {
      if (c.columns[i].name == column) {
        REQUIRE(row.columns[i].has_value());
        return *row.columns[i];
      }
    }
  }
  FAIL("no outcome for " << check << " in " << column);
  throw std::logic_error("unreachable");
}

StatusCounts Counts(int pass, int fail, int waived = 0, int manual = 0, int unverifiable = 0) {
  StatusCounts c;
  c.Add(CheckStatus::kPass, pass);
  c.Add(CheckStatus::kFail, fail);
  c.Add(CheckStatus::kWaived, waived);
  c.Add(CheckStatus::kManual, manual);
  c.Add(CheckStatus::kUnverifiable, unverifiable);
  return c;
}

TEST_CASE("a check fails in a cluster when any one of its nodes fails it", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kCluster);
  const CheckOutcome& o = Outcome(c, "4.2.2", "alpha");
  CHECK(o.status == CheckStatus::kFail);
  CHECK(o.nodes.Get(CheckStatus::kPass) == 1);
  CHECK(o.nodes.Get(CheckStatus::kFail) == 1);
  CHECK(o.nodes.Total() == 2);
}

TEST_CASE("a check one node passes and another could not read is unverifiable in the cluster, never pass", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kCluster);
  const CheckOutcome& o = Outcome(c, "4.1.1", "alpha");
  CHECK(o.status == CheckStatus::kUnverifiable);
  CHECK(o.nodes.Get(CheckStatus::kPass) == 1);
  CHECK(o.nodes.Get(CheckStatus::kUnverifiable) == 1);
  // The section does not count the check as met either.
  CHECK(c.sections[1].columns[0].Get(CheckStatus::kPass) == 0);
  CHECK(c.sections[1].columns[0].Get(CheckStatus::kUnverifiable) == 1);
}

TEST_CASE("a cluster roll-up is never better than its worst-informed node", "[report]") {
  using S = CheckStatus;
  CHECK(RollUp(Counts(1, 0, 0, 0, 1), 0) == S::kUnverifiable);
  CHECK(RollUp(Counts(1, 1, 0, 0, 1), 0) == S::kFail);
  CHECK(RollUp(Counts(0, 0, 1, 0, 1), 0) == S::kUnverifiable);
  CHECK(RollUp(Counts(1, 0, 1, 0, 0), 0) == S::kWaived);
  CHECK(RollUp(Counts(1, 0, 0, 1, 0), 0) == S::kManual);
  CHECK(RollUp(Counts(2, 0), 0) == S::kPass);
  CHECK(RollUp(Counts(0, 0, 0, 0, 2), 2) == S::kUnverifiable);
}

TEST_CASE("a node the check's component does not run on does not hold the cluster's pass back", "[report]") {
  using S = CheckStatus;
  TestDatabase db({{"c", "cp", {{"1.1.1", S::kPass}}},
                   {"c", "worker", {{"1.1.1", S::kUnverifiable, "", "", "not present on this node", ReasonCode::kComponentAbsent}}},
                   {"d", "cp", {{"1.1.1", S::kPass}}},
                   {"d", "worker", {{"1.1.1", S::kUnverifiable, "", "", "declaration unreadable: ...",
                                     ReasonCode::kDeclarationUnreadable}}}});
  Comparison c = Load(db, GroupBy::kCluster);
  CHECK(Outcome(c, "1.1.1", "c").status == S::kPass);
  CHECK(Outcome(c, "1.1.1", "c").not_on_node == 1);
  CHECK(Outcome(c, "1.1.1", "d").status == S::kUnverifiable);
}

TEST_CASE("a check no node could verify stays unverifiable in the cluster, never pass", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kCluster);
  CHECK(Outcome(c, "1.1.1", "alpha").status == CheckStatus::kUnverifiable);
  CHECK(Outcome(c, "4.2.3", "alpha").status == CheckStatus::kManual);
  // Section 1.1 in alpha has nothing verifiable; in beta one failure.
  REQUIRE(c.sections.size() == 3);
  CHECK(c.sections[0].columns[0].Verifiable() == 0);
  CHECK(c.sections[0].columns[1].Get(CheckStatus::kFail) == 1);
}

TEST_CASE("section counts by cluster add up checks, not nodes", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kCluster);
  REQUIRE(c.columns.size() == 2);
  CHECK(c.columns[0].name == "alpha");
  CHECK(c.columns[0].nodes == std::vector<std::string>{"a1", "a2"});
  const StatusCounts& kubelet = c.sections[2].columns[0];  // 4.2 in alpha
  CHECK(kubelet.Get(CheckStatus::kPass) == 1);
  CHECK(kubelet.Get(CheckStatus::kFail) == 1);
  CHECK(kubelet.Get(CheckStatus::kManual) == 1);
  // 4.2.1 and 4.2.2; 4.1.1 is not verifiable, as a2 could not read its file.
  CHECK(c.totals[0].Verifiable() == 2);
}

TEST_CASE("by node gives one column per node with its own findings", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kNode);
  REQUIRE(c.columns.size() == 3);
  CHECK(c.columns[1].name == "a2");
  CHECK(Outcome(c, "4.2.2", "a1").status == CheckStatus::kPass);
  CHECK(Outcome(c, "4.2.2", "a2").status == CheckStatus::kFail);
}

TEST_CASE("the default grouping is by cluster only when every bundle names one", "[report]") {
  auto nodes = testing::TwoClusters();
  {
    TestDatabase db(nodes);
    auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
    CHECK(DefaultGroupBy(*LoadReportFrame(d->get(), testing::TestFilter())) == GroupBy::kCluster);
  }
  nodes[2].cluster.clear();
  TestDatabase db(nodes);
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  CHECK(DefaultGroupBy(*LoadReportFrame(d->get(), testing::TestFilter())) == GroupBy::kNode);
}

TEST_CASE("a node collected twice counts once, with its newest bundle", "[report]") {
  auto nodes = testing::TwoClusters();
  testing::TestNode again = nodes[1];
  again.started_at = "2026-02-01T00:00:00Z";
  for (auto& f : again.findings) {
    if (f.check_id == "4.2.2") f.status = CheckStatus::kPass;
  }
  nodes.push_back(again);
  TestDatabase db(nodes);
  Comparison c = Load(db, GroupBy::kCluster);
  CHECK(c.columns[0].nodes.size() == 2);
  CHECK(Outcome(c, "4.2.2", "alpha").status == CheckStatus::kPass);
}

TEST_CASE("a cluster whose nodes were evaluated against two benchmarks says so under each table", "[report]") {
  auto nodes = testing::TwoClusters();
  testing::TestNode other = nodes[0];
  other.node = "a3";
  other.benchmark = "test-2.0";
  nodes.push_back(other);
  TestDatabase db(nodes);
  Comparison first = Load(db, GroupBy::kCluster);
  CHECK(first.columns[0].nodes == std::vector<std::string>{"a1", "a2"});
  CHECK(first.notes == std::vector<std::string>{
                           "cluster alpha: this column covers 2 of its nodes; evaluated against other benchmarks: a3 "
                           "(test-2.0)"});
  ReportFilter second_filter = testing::TestFilter();
  second_filter.benchmark = "test-2.0";
  Comparison second = Load(db, GroupBy::kCluster, second_filter);
  REQUIRE(second.columns.size() == 1);
  CHECK(second.columns[0].nodes == std::vector<std::string>{"a3"});
  CHECK(second.notes == std::vector<std::string>{
                            "cluster alpha: this column covers 1 of its nodes; evaluated against other benchmarks: a1 "
                            "(test-1.0), a2 (test-1.0)"});
  // A report of chosen nodes says nothing of the nodes left out.
  ReportFilter chosen = testing::TestFilter();
  chosen.nodes = {"a1"};
  CHECK(Load(db, GroupBy::kCluster, chosen).notes.empty());
}

TEST_CASE("the benchmarks a report shows are those of the nodes and clusters it selects", "[report]") {
  auto nodes = testing::TwoClusters();
  testing::TestNode other = nodes[2];
  other.cluster = "gamma";
  other.node = "g1";
  other.benchmark = "test-2.0";
  nodes.push_back(other);
  TestDatabase db(nodes);
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  REQUIRE(d.ok());
  auto shown = [&](std::vector<std::string> node_names, std::vector<std::string> clusters) {
    ReportFilter scope;
    scope.nodes = std::move(node_names);
    scope.clusters = std::move(clusters);
    auto ids = BenchmarksToReport(d->get(), scope, std::nullopt);
    REQUIRE(ids.ok());
    return *ids;
  };
  CHECK(shown({}, {}).size() == 2);
  CHECK(shown({"g1"}, {}) == std::vector<std::string>{"test-2.0"});
  CHECK(shown({}, {"alpha"}) == std::vector<std::string>{"test-1.0"});
  CHECK(shown({"a1", "g1"}, {}).size() == 2);
  ReportFilter missing;
  missing.nodes = {"zz"};
  auto refused = BenchmarksToReport(d->get(), missing, std::nullopt);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message() == "no node zz in the database (nodes: a1, a2, b1, g1)");
  ReportFilter gamma;
  gamma.clusters = {"gamma"};
  auto elsewhere = BenchmarksToReport(d->get(), gamma, std::string("test-1.0"));
  REQUIRE_FALSE(elsewhere.ok());
  CHECK(elsewhere.status().message() ==
        "no findings for benchmark test-1.0 on the nodes and clusters selected (evaluated: test-2.0)");
}

TEST_CASE("filters select sections by prefix, checks, nodes, clusters and scored checks", "[report]") {
  TestDatabase db(testing::TwoClusters());
  ReportFilter f = testing::TestFilter();
  f.sections = {"4"};
  Comparison c = Load(db, GroupBy::kNode, f);
  CHECK(c.sections.size() == 2);
  auto findings = testing::Findings(db, f);
  CHECK(findings.size() == 12);
  for (const auto& row : findings) CHECK(row.section.rfind("4.", 0) == 0);

  ReportFilter g = testing::TestFilter();
  g.checks = {"4.2.2"};
  g.clusters = {"alpha"};
  CHECK(testing::Findings(db, g).size() == 2);
  c = Load(db, GroupBy::kNode, g);
  CHECK(c.totals[0].Total() + c.totals[1].Total() == 2);

  ReportFilter h = testing::TestFilter();
  h.scored_only = true;
  h.nodes = {"b1"};
  findings = testing::Findings(db, h);
  CHECK(findings.size() == 4);
  for (const auto& row : findings) CHECK(row.check_id != "4.2.3");
}

TEST_CASE("findings stream by check and then node, or node by node in label order and then by check", "[report]") {
  auto nodes = testing::TwoClusters();
  nodes.push_back({"", "zeta", nodes[2].findings});
  nodes.push_back({"alpha-2", "x1", nodes[2].findings});  // "alpha-2/x1" sorts before "alpha/a1"
  TestDatabase db(nodes);
  auto label = [](const FindingRow& f) { return f.cluster.empty() ? f.node : f.cluster + "/" + f.node; };
  auto by_check = testing::Findings(db, testing::TestFilter());
  REQUIRE(by_check.size() == 25);
  std::vector<std::string> first_check;
  for (size_t i = 0; i < 5; ++i) {
    CHECK(by_check[i].check_id == "1.1.1");
    first_check.push_back(label(by_check[i]));
  }
  CHECK(first_check == std::vector<std::string>{"zeta", "alpha/a1", "alpha/a2", "alpha-2/x1", "beta/b1"});
  CHECK(by_check[5].check_id == "4.1.1");

  auto by_node = testing::Findings(db, testing::TestFilter(), nullptr, FindingOrder::kByNode);
  REQUIRE(by_node.size() == 25);
  std::vector<std::string> labels, checks;
  for (size_t i = 0; i < by_node.size(); i += 5) labels.push_back(label(by_node[i]));
  for (size_t i = 0; i < 5; ++i) checks.push_back(by_node[i].check_id);
  CHECK(labels == std::vector<std::string>{"alpha-2/x1", "alpha/a1", "alpha/a2", "beta/b1", "zeta"});
  CHECK(checks == std::vector<std::string>{"1.1.1", "4.1.1", "4.2.1", "4.2.2", "4.2.3"});
  for (size_t i = 0; i < by_node.size(); ++i) CHECK(label(by_node[i]) == labels[i / 5]);

  // Every finding in check order, each check's in the frame's node order (cluster, node), as the
  // spool gives them back from the order they are stored in.
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  REQUIRE(d.ok());
  auto frame = LoadReportFrame(d->get(), testing::TestFilter());
  REQUIRE(frame.ok());
  auto rank = [&](const FindingRow& f) {
    size_t check = 0, node = 0;
    while (frame->checks[check].id != f.check_id) ++check;
    while (frame->nodes[node].bundle_id != f.bundle_id) ++node;
    return std::pair{check, node};
  };
  for (size_t i = 1; i < by_check.size(); ++i) CHECK(rank(by_check[i - 1]) < rank(by_check[i]));
  CHECK(testing::Findings(db, testing::TestFilter(), nullptr, FindingOrder::kAsStored).size() == 25);
}
TEST_CASE("an unknown check, section, node or cluster is refused with the names that exist", "[report]") {
  TestDatabase db(testing::TwoClusters());
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  ReportFilter f = testing::TestFilter();
  f.checks = {"9.9.9"};
  auto r = LoadReportFrame(d->get(), f);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidArgument);
  ReportFilter g = testing::TestFilter();
  g.nodes = {"zz"};
  r = LoadReportFrame(d->get(), g);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("a1, a2, b1") != std::string::npos);
  auto unknown = BenchmarksToReport(d->get(), ReportFilter(), std::string("cis-9"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "no findings for benchmark cis-9 (evaluated: test-1.0)");
}

TEST_CASE("a cell reads met/verifiable, floored percent and symbol, or a dash", "[report]") {
  RenderOptions o;
  CHECK(FormatCell(Counts(20, 15), o).Text() == "20/35 57% ○");
  CHECK(FormatCell(Counts(4, 1), o).Text() == "4/5 80% ◎");
  CHECK(FormatCell(Counts(0, 0, 0, 2, 3), o).Text() == "—");
  o.ascii = true;
  CHECK(FormatCell(Counts(1, 4), o).Text() == "1/5 20% ~");
  CHECK(FormatCell(Counts(0, 4), o).Text() == "0/4 0% x");
  CHECK(FormatCell(Counts(0, 0), o).Text() == "-");
}

TEST_CASE("waived findings count as met by default, as failed on request, or both", "[report]") {
  RenderOptions o;
  StatusCounts c = Counts(2, 1, 1);
  CHECK(FormatCell(c, o).Text() == "3/4 75% ○*");
  o.waived = WaivedCounting::kAsFailed;
  CHECK(FormatCell(c, o).Text() == "2/4 50% ○");
  o.waived = WaivedCounting::kAsMet;
  o.show_unwaived = true;
  CHECK(FormatCell(c, o).Text() == "3/4 75% ○ (50%)");
}

TEST_CASE("thresholds are three strictly decreasing whole percents", "[report]") {
  auto t = ParseThresholds("90,60,30");
  REQUIRE(t.ok());
  CHECK(RatingLevel({6, 10}, *t) == 1);
  CHECK(RatingLevel({9, 10}, *t) == 0);
  CHECK(RatingLevel({2, 10}, *t) == 3);
  CHECK_FALSE(RatingLevel({0, 0}, *t).has_value());
  CHECK_FALSE(ParseThresholds("80,50").ok());
  CHECK_FALSE(ParseThresholds("50,80,20").ok());
  CHECK_FALSE(ParseThresholds("80,50,20,10").ok());
  CHECK_FALSE(ParseThresholds("80,fifty,20").ok());
  CHECK_FALSE(ParseThresholds("180,50,20").ok());
}

TEST_CASE("ASCII is chosen unless the locale names UTF-8, LC_ALL first", "[report]") {
  CHECK(LocaleIsUtf8(nullptr, nullptr, "en_US.UTF-8"));
  CHECK(LocaleIsUtf8(nullptr, nullptr, "de_DE.utf8"));
  CHECK_FALSE(LocaleIsUtf8(nullptr, nullptr, "C"));
  CHECK_FALSE(LocaleIsUtf8(nullptr, nullptr, nullptr));
  CHECK_FALSE(LocaleIsUtf8("C", nullptr, "en_US.UTF-8"));
  CHECK(LocaleIsUtf8("", "C.UTF-8", "C"));
}

TEST_CASE("colour only on a terminal and never with NO_COLOR set", "[report]") {
  CHECK(ColorWanted(true, nullptr));
  CHECK(ColorWanted(true, ""));
  CHECK_FALSE(ColorWanted(true, "1"));
  CHECK_FALSE(ColorWanted(false, nullptr));
}

TEST_CASE("the text table for three clusters fits 80 columns, shortening titles", "[report]") {
  auto nodes = testing::TwoClusters();
  nodes.push_back({"self-managed-long", "c1", nodes[2].findings});
  nodes.push_back({"eks-style-cluster", "d1", nodes[0].findings});
  TestDatabase db(nodes);
  ReportFilter f = testing::TestFilter();
  f.clusters = {"alpha", "self-managed-long", "eks-style-cluster"};
  Comparison c = Load(db, GroupBy::kCluster, f);
  for (bool ascii : {false, true}) {
    RenderOptions o;
    o.ascii = ascii;
    std::string text = RenderText(c, o);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      INFO(line);
      CHECK(DisplayWidth(line) <= 80);
      start = end + 1;
    }
    CHECK(text.find("1.1  Control plane") != std::string::npos);
    CHECK(text.find(ascii ? "...  " : "…  ") != std::string::npos);
  }
}

TEST_CASE("colour wraps only the rating symbol, so the columns still line up", "[report]") {
  TestDatabase db(testing::TwoClusters());
  Comparison c = Load(db, GroupBy::kCluster);
  RenderOptions plain, colored;
  colored.color = true;
  std::string a = RenderText(c, plain), b = RenderText(c, colored);
  CHECK(b.find("\033[") != std::string::npos);
  std::string stripped;
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i] == '\033') {
      i = b.find('m', i);
      continue;
    }
    stripped += b[i];
  }
  CHECK(stripped == a);
}

TEST_CASE("the detail view shows per node status, actual, source, reason and remediation", "[report]") {
  TestDatabase db(testing::TwoClusters());
  ReportRequest request;
  request.filter = testing::TestFilter();
  request.filter.checks = {"4.2.2"};
  request.options.detail = true;
  std::string text = testing::Report(db, request);
  CHECK(text.find("4.2.2  Read-only port is 0") != std::string::npos);
  CHECK(text.find("alpha  FAIL (1 PASS, 1 FAIL)") != std::string::npos);
  CHECK(text.find("actual   10255") != std::string::npos);
  CHECK(text.find("source   flag --read-only-port on running kubelet (pid 812)") != std::string::npos);
  CHECK(text.find("remediation  fix 4.2.2") != std::string::npos);
  CHECK(text.find("beta  PASS (1 PASS)") != std::string::npos);
}

}  // namespace
}  // namespace kubeproof
