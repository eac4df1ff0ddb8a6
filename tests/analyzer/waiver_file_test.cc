#include <catch2/catch.hpp>

#include "analyzer/report/comparison.h"
#include "analyzer/report/summary.h"
#include "analyzer/waivers/waiver.h"
#include "analyzer/waivers/waiver_matcher.h"
#include "tests/analyzer/report_test_db.h"

namespace kubeproof {
namespace {

constexpr const char* kYaml = R"(
waivers:
  - check: 4.2.2
    cluster: alpha
    nodes: "a*"
    justification: read-only port reachable only inside the node security group
    approved_by: J. Auditor
    expires: 2030-06-30
)";

Waiver MakeWaiver(std::string check, std::string expires, std::optional<std::string> cluster = std::nullopt,
                  std::optional<std::string> nodes = std::nullopt) {
  Waiver w;
  w.check = std::move(check);
  w.expires = std::move(expires);
  w.cluster = std::move(cluster);
  w.nodes = std::move(nodes);
  w.justification = "compensating control";
  w.approved_by = "auditor";
  w.origin = "test";
  return w;
}

// The findings as a report shows them, waived by `matcher`.
std::vector<FindingRow> Waived(const testing::TestDatabase& db, WaiverMatcher* matcher) {
  return testing::Findings(db, testing::TestFilter(), matcher);
}

// The table a report counts, with `waivers` judged on `today`.
Comparison Table(const testing::TestDatabase& db, const std::vector<Waiver>& waivers, const std::string& today) {
  auto d = Database::Open(db.path(), Database::Mode::kReadOnly);
  REQUIRE(d.ok());
  auto frame = LoadReportFrame(d->get(), testing::TestFilter());
  REQUIRE(frame.ok());
  WaiverMatcher matcher(waivers, today);
  auto table = SummarizeBenchmark(d->get(), *frame, GroupBy::kCluster, &matcher, {});
  REQUIRE(table.ok());
  return std::move(*table);
}

const FindingRow& Find(const std::vector<FindingRow>& data, const std::string& node, const std::string& check) {
  for (const auto& f : data) {
    if (f.node == node && f.check_id == check) return f;
  }
  throw std::logic_error("no finding");
}

TEST_CASE("a YAML waiver file parses with its scope, approver and expiry", "[waivers]") {
  auto w = ParseWaivers(kYaml, WaiverFormat::kYaml, "w.yaml");
  REQUIRE(w.ok());
  REQUIRE(w->size() == 1);
  CHECK((*w)[0].check == "4.2.2");
  CHECK((*w)[0].cluster == "alpha");
  CHECK((*w)[0].nodes == "a*");
  CHECK((*w)[0].approved_by == "J. Auditor");
  CHECK((*w)[0].expires == "2030-06-30");
  CHECK((*w)[0].origin == "w.yaml entry 1");
}

TEST_CASE("a JSON waiver file and a bare YAML list parse alike", "[waivers]") {
  auto json = ParseWaivers(R"({"waivers": [{"check": "1.1.1", "justification": "j", "approved_by": "a", "expires": "2030-01-01"}]})",
                           WaiverFormat::kJson, "w.json");
  REQUIRE(json.ok());
  CHECK((*json)[0].check == "1.1.1");
  CHECK_FALSE((*json)[0].cluster.has_value());
  auto list = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n",
                           WaiverFormat::kYaml, "w.yaml");
  REQUIRE(list.ok());
  CHECK(list->size() == 1);
}

TEST_CASE("a waiver file with an unknown key, a missing field or a bad date is refused by entry", "[waivers]") {
  auto unknown = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01, node: x}\n",
                              WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "w.yaml entry 1: unknown key node");
  auto missing = ParseWaivers("- {check: 1.1.1, approved_by: a, expires: 2030-01-01}\n", WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "w.yaml entry 1: justification is required");
  auto date = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-02-30}\n", WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().message().find("YYYY-MM-DD") != std::string::npos);
  CHECK_FALSE(ParseWaivers("waivers: [unclosed", WaiverFormat::kYaml, "w.yaml").ok());
  CHECK_FALSE(ParseWaivers("{\"waivers\": [", WaiverFormat::kJson, "w.json").ok());
  CHECK_FALSE(ParseWaivers("other: 1\n", WaiverFormat::kYaml, "w.yaml").ok());
}

TEST_CASE("calendar dates are checked, leap years included", "[waivers]") {
  CHECK(IsIsoDate("2028-02-29"));
  CHECK_FALSE(IsIsoDate("2027-02-29"));
  CHECK_FALSE(IsIsoDate("2027-13-01"));
  CHECK_FALSE(IsIsoDate("2027-1-01"));
  CHECK(IsIsoDate("2000-02-29"));
  CHECK_FALSE(IsIsoDate("1900-02-29"));
}

TEST_CASE("an applied waiver turns the FAIL into WAIVED with its justification, and leaves PASS alone", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  WaiverMatcher matcher({MakeWaiver("4.2.2", "2030-01-01", "alpha")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  CHECK(Find(data, "a2", "4.2.2").status == CheckStatus::kWaived);
  REQUIRE(Find(data, "a2", "4.2.2").waiver.has_value());
  CHECK(Find(data, "a2", "4.2.2").waiver->justification == "compensating control");
  CHECK(Find(data, "a1", "4.2.2").status == CheckStatus::kPass);
  auto uses = matcher.Uses();
  REQUIRE(uses.size() == 1);
  CHECK(uses[0].state == WaiverUse::State::kApplied);
  CHECK(uses[0].applied == 1);
  Comparison c = Table(db, {MakeWaiver("4.2.2", "2030-01-01", "alpha")}, "2026-05-01");
  CHECK(c.totals[0].Get(CheckStatus::kWaived) == 1);
  CHECK(c.totals[0].Get(CheckStatus::kFail) == 0);
}

TEST_CASE("an expired waiver is reported and not applied", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  WaiverMatcher matcher({MakeWaiver("4.2.2", "2026-04-30")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  CHECK(Find(data, "a2", "4.2.2").status == CheckStatus::kFail);
  auto uses = matcher.Uses();
  CHECK(uses[0].state == WaiverUse::State::kExpired);
  CHECK(uses[0].note.find("expired 2026-04-30, not applied (1 failing finding(s) in scope)") != std::string::npos);
}

TEST_CASE("a waiver applies through the whole of its expiry day", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  WaiverMatcher matcher({MakeWaiver("4.2.2", "2026-05-01")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  CHECK(Find(data, "a2", "4.2.2").status == CheckStatus::kWaived);
}

TEST_CASE("a waiver that matches no failing finding is reported unmatched", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  WaiverMatcher matcher({MakeWaiver("4.2.1", "2030-01-01", "alpha"), MakeWaiver("9.9.9", "2030-01-01")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  auto uses = matcher.Uses();
  CHECK(uses[0].state == WaiverUse::State::kUnmatched);
  CHECK(uses[0].note.find("matches no failing finding (2 finding(s) in scope, none FAIL)") != std::string::npos);
  CHECK(uses[1].state == WaiverUse::State::kUnmatched);
  CHECK(Find(data, "b1", "4.2.1").status == CheckStatus::kFail);
}

TEST_CASE("a waiver scoped to one node by glob waives that node only", "[waivers]") {
  auto nodes = testing::TwoClusters();
  nodes.push_back({"beta", "b2", nodes[2].findings});
  testing::TestDatabase db(nodes);
  WaiverMatcher matcher({MakeWaiver("4.2.1", "2030-01-01", "beta", "b[2-9]")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  CHECK(Find(data, "b2", "4.2.1").status == CheckStatus::kWaived);
  CHECK(Find(data, "b1", "4.2.1").status == CheckStatus::kFail);
  Comparison c = Table(db, {MakeWaiver("4.2.1", "2030-01-01", "beta", "b[2-9]")}, "2026-05-01");
  // One node still fails, so the cluster still fails.
  for (const auto& row : c.checks) {
    if (row.check.id == "4.2.1") CHECK(row.columns[1]->status == CheckStatus::kFail);
  }
}

TEST_CASE("a waiver for another cluster does not apply", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  WaiverMatcher matcher({MakeWaiver("1.1.1", "2030-01-01", "alpha")}, "2026-05-01");
  auto data = Waived(db, &matcher);
  CHECK(Find(data, "b1", "1.1.1").status == CheckStatus::kFail);
  CHECK(matcher.Uses()[0].state == WaiverUse::State::kUnmatched);
}

TEST_CASE("a waived finding's stored reason names the justification, approver and expiry", "[waivers]") {
  CHECK(WaivedReason(MakeWaiver("1.1.1", "2030-01-01")) ==
        "waived: compensating control (approved by auditor, expires 2030-01-01)");
}

}  // namespace
}  // namespace kubeproof

namespace kubeproof {

TEST_CASE("a YAML waiver file reads nulls, quoted text, anchors and aliases as YAML means them", "[waivers]") {
  auto w = ParseWaivers("waivers:\n"
                        "  - check: 4.2.1\n"
                        "    cluster: 'null'\n"
                        "    justification: &why closed by the node security group\n"
                        "    approved_by: &who J. Auditor\n"
                        "    expires: 2030-01-01\n"
                        "  - {check: 4.2.2, justification: *why, approved_by: *who, expires: 2030-01-01}\n",
                        WaiverFormat::kYaml, "w.yaml");
  REQUIRE(w.ok());
  REQUIRE(w->size() == 2);
  CHECK((*w)[0].cluster == "null");
  CHECK((*w)[1].justification == "closed by the node security group");
  CHECK((*w)[1].approved_by == "J. Auditor");
  CHECK((*w)[1].origin == "w.yaml entry 2");
  // A plain ~ is null: a scope key given without a value is refused, never read as "~".
  REQUIRE_FALSE(ParseWaivers("- {check: 4.2.2, justification: j, approved_by: a, expires: 2030-01-01, nodes: ~}\n",
                             WaiverFormat::kYaml, "w.yaml").ok());
}

TEST_CASE("a YAML waiver file holding nothing, or an empty waivers key, has no waivers", "[waivers]") {
  for (const char* text : {"", "# none yet\n", "waivers:\n", "waivers: []\n", "[]\n", "~\n"}) {
    auto w = ParseWaivers(text, WaiverFormat::kYaml, "w.yaml");
    INFO(text);
    REQUIRE(w.ok());
    CHECK(w->empty());
  }
}

TEST_CASE("a YAML waiver file's shape is checked entry by entry", "[waivers]") {
  auto scalar = ParseWaivers("just text\n", WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(scalar.ok());
  CHECK(scalar.status().message() == "w.yaml: expected a list of waivers, or a map with the key waivers");
  auto item = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n- 42\n",
                           WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(item.ok());
  CHECK(item.status().message() == "w.yaml: entry 2: a waiver is a map of keys");
  auto nested = ParseWaivers("- {check: [1.1.1], justification: j, approved_by: a, expires: 2030-01-01}\n",
                             WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.status().message() == "w.yaml: entry 1: check must be a single value");
  auto other = ParseWaivers("waivers: []\nextra: 1\n", WaiverFormat::kYaml, "w.yaml");
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().message() == "w.yaml: unknown top-level key extra");
}

TEST_CASE("a YAML waiver file is read from its first document, and a broken second one is still refused", "[waivers]") {
  auto two = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n---\n- other\n",
                          WaiverFormat::kYaml, "w.yaml");
  REQUIRE(two.ok());
  CHECK(two->size() == 1);
  CHECK_FALSE(ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n---\n[unclosed\n",
                           WaiverFormat::kYaml, "w.yaml").ok());
}

}  // namespace kubeproof
