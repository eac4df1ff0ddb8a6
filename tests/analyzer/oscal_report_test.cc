// The OSCAL assessment results: its UUIDs and ids, the status mapping, waivers as accepted risks,
// evidence pointing at the right bundle, determinism and hostile text.
#include "analyzer/report/oscal_report.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/commands/command.h"
#include "analyzer/report/oscal_ids.h"
#include "common/sha256.h"
#include "tests/analyzer/report_test_db.h"

namespace kubeproof {
namespace {

using nlohmann::json;
using testing::TestDatabase;
using testing::TestNode;
using S = CheckStatus;

// The fixture's nodes with real-looking checksums: the SHA-256 of "bundle of CLUSTER/NODE".
std::vector<TestNode> WithChecksums(std::vector<TestNode> nodes) {
  for (auto& n : nodes) n.sha256 = Sha256Hex("bundle of " + n.cluster + "/" + n.node);
  return nodes;
}

OscalReportRequest Request() {
  OscalReportRequest r;
  r.filter = testing::TestFilter();
  r.today = "2026-01-01";
  r.generated_on = "2026-01-02";
  return r;
}

Result<std::string> TryRender(const TestDatabase& fixture, const OscalReportRequest& request) {
  auto db = Database::Open(fixture.path(), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  std::ostringstream out;
  auto written = WriteOscalReport(db->get(), request, out);
  if (!written.ok()) return written.status();
  return out.str();
}

std::string Render(const TestDatabase& fixture, const OscalReportRequest& request = Request()) {
  auto text = TryRender(fixture, request);
  REQUIRE(text.ok());
  return *text;
}

// The parsed document's one result, and lookups by UUID.
struct Document {
  json doc;
  json result;
  std::map<std::string, json> by_uuid;  // observations, risks, findings, resources, items

  explicit Document(const std::string& text) : doc(json::parse(text)) {
    result = doc["assessment-results"]["results"].at(0);
    for (const char* list : {"observations", "risks", "findings"}) {
      for (const auto& o : result.value(list, json::array()))
        by_uuid[o["uuid"].get<std::string>()] = o;
    }
    for (const auto& r : doc["assessment-results"]["back-matter"]["resources"])
      by_uuid[r["uuid"].get<std::string>()] = r;
    for (const auto& i : result["local-definitions"].value("inventory-items", json::array()))
      by_uuid[i["uuid"].get<std::string>()] = i;
  }

  std::string Prop(const json& object, const std::string& name) const {
    for (const auto& p : object.value("props", json::array())) {
      if (p["name"] == name) return p["value"].get<std::string>();
    }
    return "";
  }

  // The finding of a check on a node, by the node named in its title.
  json Finding(const std::string& check_id, const std::string& label) const {
    for (const auto& f : result["findings"]) {
      if (f["target"]["target-id"] == "cis-" + check_id &&
          f["title"].get<std::string>().ends_with(": " + label)) {
        return f;
      }
    }
    FAIL("no finding of " << check_id << " on " << label);
    return {};
  }

  json Linked(const std::string& href) const {
    REQUIRE(href.rfind("#", 0) == 0);
    auto it = by_uuid.find(href.substr(1));
    REQUIRE(it != by_uuid.end());
    return it->second;
  }
};

TEST_CASE("OSCAL UUIDs, control ids, times and checksum links keep to the schema's forms",
          "[oscal]") {
  // Lists of parts never share a name: ("ab", "c") is not ("a", "bc").
  CHECK(OscalUuid({"x", "ab", "c"}) != OscalUuid({"x", "a", "bc"}));
  CHECK(OscalUuid({"x", "ab", "c"}) == OscalUuid({"x", "ab", "c"}));
  CHECK(ControlId("4.2.1") == "cis-4.2.1");
  CHECK(ControlId("5.1 a/b") == "cis-5.1_a_b");
  CHECK(OscalDateTime("2026-03-04T05:06:07Z") == "2026-03-04T05:06:07Z");
  CHECK(OscalDateTime("2026-03-04") == "2026-03-04T00:00:00Z");
  CHECK(OscalDateTime("2024-02-29T00:00:00Z") == "2024-02-29T00:00:00Z");
  CHECK_FALSE(OscalDateTime("1996-02-29T00:00:00Z"));  // the schema's pattern refuses it
  CHECK_FALSE(OscalDateTime("3000-01-01T00:00:00Z"));
  CHECK_FALSE(OscalDateTime("2026-02-30T00:00:00Z"));
  CHECK_FALSE(OscalDateTime("yesterday"));
  CHECK(IsSha256Hex(Sha256Hex("x")));
  CHECK_FALSE(IsSha256Hex("alpha/a1@2026-01-01T00:00:00Z"));
  CHECK(NamedInformationUri(Sha256Hex("Hello World!")) ==
        "ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk");
}

TEST_CASE("OSCAL findings are satisfied for PASS only, with kubeproof's status kept as a prop",
          "[oscal]") {
  TestDatabase fixture(WithChecksums(testing::TwoClusters()));
  Document d(Render(fixture));
  auto pass = d.Finding("4.2.1", "alpha/a1");
  CHECK(pass["target"]["status"]["state"] == "satisfied");
  CHECK(pass["target"]["status"]["reason"] == "pass");
  CHECK(d.Prop(pass, "status") == "PASS");
  auto fail = d.Finding("4.2.2", "alpha/a2");
  CHECK(fail["target"]["status"]["state"] == "not-satisfied");
  CHECK(fail["target"]["status"]["reason"] == "fail");
  CHECK(d.Prop(fail, "status") == "FAIL");
  CHECK(fail["description"] == "FAIL on alpha/a2: --read-only-port is 10255");
  CHECK_FALSE(fail.contains("related-risks"));
  auto manual = d.Finding("4.2.3", "beta/b1");
  CHECK(manual["target"]["status"]["state"] == "not-satisfied");
  CHECK(manual["target"]["status"]["reason"] == "other");
  CHECK(d.Prop(manual, "status") == "MANUAL");
  auto unverifiable = d.Finding("4.1.1", "alpha/a2");
  CHECK(unverifiable["target"]["status"]["state"] == "not-satisfied");
  CHECK(unverifiable["target"]["status"]["reason"] == "other");
  CHECK(d.Prop(unverifiable, "status") == "UNVERIFIABLE");
  // Every finding of every status: satisfied exactly when kubeproof said PASS.
  REQUIRE(d.result["findings"].size() == 15);
  for (const auto& f : d.result["findings"]) {
    CHECK((f["target"]["status"]["state"] == "satisfied") == (d.Prop(f, "status") == "PASS"));
    CHECK(f["props"][0]["ns"] == "urn:kubeproof:oscal");
  }
}

TEST_CASE(
    "each OSCAL observation examines the right bundle: its subject is the node, its evidence the "
    "bundle's SHA-256",
    "[oscal]") {
  auto nodes = WithChecksums(testing::TwoClusters());
  TestDatabase fixture(nodes);
  Document d(Render(fixture));
  std::map<std::string, std::string> sha_of;  // "cluster/node" -> checksum
  for (const auto& n : nodes) sha_of[n.cluster + "/" + n.node] = n.sha256;
  REQUIRE(d.result["observations"].size() == 15);
  for (const auto& f : d.result["findings"]) {
    std::string title = f["title"];
    std::string label = title.substr(title.rfind(": ") + 2);
    REQUIRE(f["related-observations"].size() == 1);
    json o = d.by_uuid.at(f["related-observations"][0]["observation-uuid"].get<std::string>());
    CHECK(o["methods"] == json::array({"EXAMINE"}));
    CHECK(o["collected"] == "2026-01-01T00:00:00Z");
    json evidence = o["relevant-evidence"].at(0);
    json bundle = d.Linked(evidence["href"].get<std::string>());
    CHECK(bundle["title"] == "Evidence bundle of " + label);
    CHECK(bundle["rlinks"][0]["hashes"][0]["algorithm"] == "SHA-256");
    CHECK(bundle["rlinks"][0]["hashes"][0]["value"] == sha_of.at(label));
    CHECK(bundle["rlinks"][0]["href"] == NamedInformationUri(sha_of.at(label)));
    json item = d.Linked("#" + o["subjects"][0]["subject-uuid"].get<std::string>());
    CHECK(o["subjects"][0]["type"] == "inventory-item");
    CHECK(d.Prop(item, "cluster") + "/" + d.Prop(item, "node") == label);
  }
  auto fail = d.Finding("1.1.1", "beta/b1");
  json o = d.by_uuid.at(fail["related-observations"][0]["observation-uuid"].get<std::string>());
  CHECK(o["relevant-evidence"][0]["description"] ==
        "Actual: /etc/kubernetes/manifests/kube-apiserver.yaml mode 0644.");
}

TEST_CASE("the benchmark is the OSCAL document's assessed control set and its imported plan",
          "[oscal]") {
  TestDatabase fixture(WithChecksums(testing::TwoClusters()));
  Document d(Render(fixture));
  json controls = d.result["reviewed-controls"]["control-selections"][0]["include-controls"];
  CHECK(controls ==
        json::parse(
            R"([{"control-id":"cis-1.1.1"},{"control-id":"cis-4.1.1"},{"control-id":"cis-4.2.1"},
                                    {"control-id":"cis-4.2.2"},{"control-id":"cis-4.2.3"}])"));
  json benchmark = d.Linked(d.doc["assessment-results"]["import-ap"]["href"].get<std::string>());
  CHECK(benchmark["title"] == "Test Benchmark v1.0");
  CHECK(d.Prop(benchmark, "benchmark-id") == "test-1.0");
  CHECK(d.Prop(benchmark, "benchmark-version") == "1.0");
  CHECK(d.Linked(d.result["reviewed-controls"]["links"][0]["href"].get<std::string>()) ==
        benchmark);
  json metadata = d.doc["assessment-results"]["metadata"];
  CHECK(metadata["oscal-version"] == "1.0.6");
  CHECK(metadata["last-modified"] == "2026-01-02T00:00:00Z");
  CHECK(d.result["start"] == "2026-01-01T00:00:00Z");
  // --check narrows the control set and the findings alike.
  OscalReportRequest one = Request();
  one.filter.checks = {"4.2.2"};
  Document narrowed(Render(fixture, one));
  CHECK(narrowed.result["reviewed-controls"]["control-selections"][0]["include-controls"].size() ==
        1);
  CHECK(narrowed.result["findings"].size() == 3);
}

TEST_CASE(
    "a waived OSCAL finding is linked to an accepted risk whose deadline is the waiver's expiry",
    "[oscal]") {
  TestDatabase fixture(WithChecksums(testing::TwoClusters()));
  OscalReportRequest request = Request();
  request.waivers = std::make_shared<const std::vector<Waiver>>(std::vector<Waiver>{
      {"4.2.2", std::nullopt, std::string("alpha"), std::nullopt, "port firewalled at the node",
       "security team", "2030-06-30", "waivers.yaml entry 1"},
      {"1.1.1", std::nullopt, std::nullopt, std::nullopt, "expired long ago", "nobody",
       "2020-01-01", "waivers.yaml entry 2"}});
  Document d(Render(fixture, request));
  auto waived = d.Finding("4.2.2", "alpha/a2");
  CHECK(d.Prop(waived, "status") == "WAIVED");
  CHECK(waived["target"]["status"]["state"] == "not-satisfied");
  CHECK(waived["remarks"] ==
        "Waived (approved by security team, expires 2030-06-30): port firewalled at the node");
  REQUIRE(waived["related-risks"].size() == 1);
  json risk = d.by_uuid.at(waived["related-risks"][0]["risk-uuid"].get<std::string>());
  CHECK(risk["status"] == "deviation-approved");
  CHECK(risk["deadline"] == "2030-06-30T23:59:59Z");
  CHECK(risk["description"] == "port firewalled at the node");
  CHECK(risk["statement"].get<std::string>().find("in cluster alpha") != std::string::npos);
  CHECK(d.Prop(risk, "approved-by") == "security team");
  CHECK(d.Prop(risk, "expires") == "2030-06-30");
  // One risk for the one waiver applied; the expired waiver accepts nothing.
  CHECK(d.result["risks"].size() == 1);
  CHECK(d.Prop(d.Finding("1.1.1", "beta/b1"), "status") == "FAIL");
  CHECK_FALSE(d.Finding("1.1.1", "beta/b1").contains("related-risks"));
  // Without waivers the document has no risks at all: OSCAL allows no empty list.
  CHECK_FALSE(Document(Render(fixture)).result.contains("risks"));
}

TEST_CASE(
    "OSCAL findings the database holds as WAIVED share one accepted risk per check, without a "
    "deadline",
    "[oscal]") {
  TestDatabase fixture(
      WithChecksums({{"c",
                      "n1",
                      {{"4.2.1", S::kWaived, "true", "",
                        "waived: j (approved by a, expires 2030-01-01); was FAIL: on"}}},
                     {"c",
                      "n2",
                      {{"4.2.1", S::kWaived, "true", "",
                        "waived: j (approved by a, expires 2030-01-01); was FAIL: on"}}}}));
  Document d(Render(fixture));
  REQUIRE(d.result["risks"].size() == 1);
  json risk = d.result["risks"][0];
  CHECK(risk["status"] == "deviation-approved");
  CHECK_FALSE(risk.contains("deadline"));
  for (const char* node : {"c/n1", "c/n2"}) {
    auto f = d.Finding("4.2.1", node);
    CHECK(f["related-risks"][0]["risk-uuid"] == risk["uuid"]);
    CHECK(f["description"].get<std::string>().find("approved by a, expires 2030-01-01") !=
          std::string::npos);
  }
}

TEST_CASE("the OSCAL document is the same byte for byte for the same database and options",
          "[oscal]") {
  TestDatabase fixture(WithChecksums(testing::TwoClusters()));
  std::string first = Render(fixture);
  CHECK(first == Render(fixture));
  // Without waivers the day their expiry would be judged on changes nothing.
  OscalReportRequest other_day = Request();
  other_day.today = "2027-05-05";
  CHECK(Render(fixture, other_day) == first);
  // Another day's document is another document about the same findings.
  OscalReportRequest later = Request();
  later.generated_on = "2026-02-01";
  Document a(first), b(Render(fixture, later));
  CHECK(a.doc["assessment-results"]["uuid"] != b.doc["assessment-results"]["uuid"]);
  CHECK(a.result["uuid"] != b.result["uuid"]);
  CHECK(a.result["findings"] == b.result["findings"]);
}

TEST_CASE("hostile evidence and names still give a valid OSCAL document", "[oscal]") {
  std::vector<TestNode> nodes = {
      {"prod",
       "n1",
       {{"4.2.1", S::kFail, "\"quoted\"\nnew line\t\\ and \xC3\x28 byte", "config \x01 file",
         "reason }]"}}},
      {" odd\ncluster ", "node \"x\"\n", {{"4.2.1", S::kPass, "\xFF\xFE"}}}};
  TestDatabase fixture(WithChecksums(nodes));
  std::string text = Render(fixture);
  Document d(text);  // parses
  auto f = d.Finding("4.2.1", "prod/n1");
  json o = d.by_uuid.at(f["related-observations"][0]["observation-uuid"].get<std::string>());
  CHECK(o["relevant-evidence"][0]["description"] ==
        "Actual: \"quoted\"\nnew line\t\\ and \xEF\xBF\xBD( byte; source: config \x01 file.");
  // A name that is no plain prop value stays out of the props and is kept in the description.
  std::string odd_item;
  for (const auto& item : d.result["local-definitions"]["inventory-items"]) {
    if (item["description"].get<std::string>().find("odd\ncluster") != std::string::npos)
      odd_item = item.dump();
  }
  REQUIRE_FALSE(odd_item.empty());
  CHECK(odd_item.find("\"props\"") == std::string::npos);
  CHECK(text.find('\x01') == std::string::npos);  // escaped as \u0001
}

TEST_CASE("an OSCAL document is refused for a bundle whose checksum is not a SHA-256", "[oscal]") {
  TestDatabase fixture(testing::TwoClusters());  // checksums like "alpha/a1@2026-01-01T00:00:00Z"
  auto text = TryRender(fixture, Request());
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().code() == Status::Code::kCorrupt);
  CHECK(text.status().message().find("alpha/a1: its checksum is not a SHA-256 in hex") !=
        std::string::npos);
}

TEST_CASE(
    "an OSCAL document with --status holds the observations and findings of those statuses only",
    "[oscal]") {
  TestDatabase fixture(WithChecksums(testing::TwoClusters()));
  OscalReportRequest request = Request();
  request.statuses = {S::kFail};
  Document d(Render(fixture, request));
  CHECK(d.result["findings"].size() == 3);
  CHECK(d.result["observations"].size() == 3);
  for (const auto& f : d.result["findings"]) CHECK(d.Prop(f, "status") == "FAIL");
  CHECK(d.result["description"].get<std::string>().find("PASS is reported as satisfied") !=
        std::string::npos);
}

TEST_CASE("report --format oscal holds one benchmark, judges --fail-on and writes the whole file",
          "[oscal]") {
  auto nodes = WithChecksums(testing::TwoClusters());
  TestNode other{"gamma", "g1", {{"4.2.1", S::kPass}}};
  other.benchmark = "test-2.0";
  other.sha256 = Sha256Hex("bundle of gamma/g1");
  nodes.push_back(other);
  TestDatabase fixture(nodes);
  std::string out = (fixture.dir() / "results.json").string();
  std::vector<std::string> base = {"--db", fixture.path().string(), "--format", "oscal", "-o", out};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return RunReport(args);
  };
  CHECK(run({}) == kExitUsage);  // two benchmarks evaluated: --benchmark chooses
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK(run({"--benchmark", "test-2.0"}) == kExitOk);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Document d(text);
  CHECK(d.result["findings"].size() == 1);
  CHECK(run({"--benchmark", "test-1.0", "--fail-on", "fail"}) == kExitRejected);
  CHECK(run({"--benchmark", "test-2.0", "--fail-on", "fail"}) == kExitOk);
  CHECK(run({"--benchmark", "test-1.0", "--changes"}) == kExitUsage);
}

}  // namespace
}  // namespace kubeproof
