#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "analyzer/report/streamed_report.h"
#include "analyzer/waivers/waiver.h"
#include "tests/analyzer/report_xml_check.h"
#include "tests/support/program_runner.h"
#include "tools/sample_nodes.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(KUBEPROOF_SOURCE_DIR) / "tests" / "golden";
// The date waiver expiry is judged on, so the goldens do not age.
constexpr const char* kAsOf = "2026-01-01";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Collects every sample node into one database, once per test run.
class SampleAudit {
 public:
  static const SampleAudit& Get() {
    static SampleAudit audit;
    return audit;
  }
  const fs::path& db() const { return db_; }
  // The same bundles, each node evaluated against the benchmark chosen for it, as the demo does.
  const fs::path& auto_db() const { return auto_db_; }

 private:
  SampleAudit() {
    char pattern[] = "/tmp/kubeproof-golden-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    try {
      Build();
    } catch (...) {
      fs::remove_all(dir_);
      throw;
    }
  }
  void Build() {
    fs::path nodes = dir_ / "nodes", bundles = dir_ / "bundles";
    fs::create_directories(bundles);
    for (const auto& sample : samples::ListSampleNodes()) samples::StageSampleNode(sample, nodes);
    for (const auto& cluster : fs::directory_iterator(nodes)) {
      for (const auto& node : fs::directory_iterator(cluster.path())) {
        std::string c = cluster.path().filename().string(), n = node.path().filename().string();
        auto collected = testing::RunProgram({std::string(KUBEPROOF_BINARY_DIR) + "/bin/kubeproof-collect", "--root",
                                              node.path().string(), "--cluster", c, "--node-name", n, "-o",
                                              (bundles / (c + "-" + n + ".tar.gz")).string()});
        if (collected.exit_code != 0) throw std::runtime_error("collect " + c + "/" + n + " failed: " + collected.err);
      }
    }
    db_ = dir_ / "audit.db";
    // Every benchmark on every node, so each benchmark's golden holds every sample.
    auto ingested = testing::RunProgram(
        {testing::KubeproofBinary(), "ingest", "--db", db_.string(), "--benchmark", "all", bundles.string()});
    if (ingested.exit_code != 0) throw std::runtime_error("ingest failed: " + ingested.err);
    auto_db_ = dir_ / "auto.db";
    auto chosen = testing::RunProgram({testing::KubeproofBinary(), "ingest", "--db", auto_db_.string(), bundles.string()});
    if (chosen.exit_code != 0) throw std::runtime_error("ingest failed: " + chosen.err);
  }
  ~SampleAudit() { fs::remove_all(dir_); }
  fs::path dir_;
  fs::path db_;
  fs::path auto_db_;
};

// The sample audit's report of one benchmark (cis-1.6.0 unless `filter` names another) with the
// sample waivers, written as `kubeproof report` writes it.
std::string SampleReport(ReportFormat format, RenderOptions options, GroupBy by, ReportFilter filter = {}) {
  if (filter.benchmark.empty()) filter.benchmark = "cis-1.6.0";
  auto db = Database::Open(SampleAudit::Get().db(), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto waivers = LoadWaivers(fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "waivers.yaml");
  REQUIRE(waivers.ok());
  for (auto& w : *waivers) w.origin = "samples/waivers.yaml";
  ReportRequest request;
  request.filter = filter;
  request.benchmarks = {filter.benchmark};
  request.group_by = by;
  request.waivers = std::make_shared<const std::vector<Waiver>>(std::move(*waivers));
  request.today = kAsOf;
  request.format = format;
  request.options = options;
  std::ostringstream out;
  auto uses = WriteReport(db->get(), request, out);
  REQUIRE(uses.ok());
  return out.str();
}

// Compares with tests/golden/NAME; KUBEPROOF_UPDATE_GOLDEN=1 rewrites the file instead. The samples
// are collected afresh each run, so their collection times and bundle digests are the run's: both
// are replaced by placeholders first.
void CheckGolden(const std::string& name, const std::string& output) {
  std::string actual =
      std::regex_replace(output, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "YYYY-MM-DDTHH:MM:SSZ");
  actual = std::regex_replace(actual, std::regex("[0-9a-f]{64}"), "SHA-256");
  fs::path path = kGoldenDir / name;
  const char* update = std::getenv("KUBEPROOF_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path.string());
    return;
  }
  REQUIRE(fs::exists(path));
  std::string expected = ReadFile(path);
  if (expected == actual) return;
  auto want = testing::Lines(expected), got = testing::Lines(actual);
  size_t line = 0;
  while (line < want.size() && line < got.size() && want[line] == got[line]) ++line;
  FAIL(name << " differs at line " << line + 1 << "\n  expected: " << (line < want.size() ? want[line] : "<end>")
            << "\n  actual:   " << (line < got.size() ? got[line] : "<end>")
            << "\n(after an intended change: KUBEPROOF_UPDATE_GOLDEN=1 bin/analyzer_tests \"[golden]\")");
}

// Owners in the sample trees are applied only as root; other users see other findings.
bool GoldenComparable() {
  if (::geteuid() == 0) return true;
  WARN("not root: sample owners cannot be staged, so golden outputs are not compared; structure only");
  return false;
}

TEST_CASE("the sample audit's table by cluster matches its golden text, Unicode and ASCII", "[report][golden]") {
  RenderOptions unicode, ascii;
  ascii.ascii = true;
  std::string u = SampleReport(ReportFormat::kText, unicode, GroupBy::kCluster);
  std::string a = SampleReport(ReportFormat::kText, ascii, GroupBy::kCluster);
  for (const auto& line : testing::Lines(a)) {
    for (char ch : line) CHECK(static_cast<unsigned char>(ch) < 0x80);
  }
  if (!GoldenComparable()) return;
  CheckGolden("samples_by_cluster.txt", u);
  CheckGolden("samples_by_cluster_ascii.txt", a);
}

TEST_CASE("the sample audit by node and the EKS detail for 3.2.4 match their golden text", "[report][golden]") {
  RenderOptions o;
  ReportFilter section4;
  section4.sections = {"4"};
  std::string by_node = SampleReport(ReportFormat::kText, o, GroupBy::kNode, section4);
  o.detail = true;
  ReportFilter filter;
  filter.benchmark = "eks-1.8.0";
  filter.clusters = {"eks-style", "eks-prod"};
  filter.checks = {"3.2.4"};
  std::string detail = SampleReport(ReportFormat::kText, o, GroupBy::kCluster, filter);
  CHECK(detail.find("WAIVED") != std::string::npos);
  if (!GoldenComparable()) return;
  CheckGolden("samples_by_node_section4.txt", by_node);
  CheckGolden("samples_eks-1.8.0_detail_3.2.4.txt", detail);
}

TEST_CASE("the demo's report, each node against its own platform's benchmark, matches its golden text",
          "[report][golden]") {
  auto report = testing::RunProgram({testing::KubeproofBinary(), "report", "--db", SampleAudit::Get().auto_db().string(),
                                     "--waivers", (fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "waivers.yaml").string(),
                                     "--as-of", kAsOf});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  CHECK(report.err.empty());  // every sample waiver matches a failing finding
  for (const char* title : {"CIS Amazon Elastic Kubernetes Service (EKS) Benchmark v1.8.0",
                            "CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0",
                            "CIS Google Kubernetes Engine (GKE) Benchmark v1.9.0", "CIS Kubernetes Benchmark v1.12.0",
                            "CIS Kubernetes Benchmark v1.6.0"}) {
    CHECK(report.out.find(title) != std::string::npos);
  }
  auto markdown = testing::RunProgram(
      {testing::KubeproofBinary(), "report", "--db", SampleAudit::Get().auto_db().string(), "--format", "markdown"});
  REQUIRE(markdown.exit_code == 0);
  CHECK(markdown.out.find("## Side by side: each cluster against its own benchmark") != std::string::npos);
  CHECK(markdown.out.find("| gke-analytics | gke-1.9.0 |") != std::string::npos);
  // One benchmark's report has no overview.
  auto one = testing::RunProgram(
      {testing::KubeproofBinary(), "report", "--db", SampleAudit::Get().auto_db().string(), "--benchmark", "eks-1.8.0"});
  REQUIRE(one.exit_code == 0);
  CHECK(one.out.find("Side by side") == std::string::npos);
  if (!GoldenComparable()) return;
  CheckGolden("samples_demo.txt", report.out);
}

TEST_CASE("the demo's HTML report matches its golden file, generated on a fixed date", "[report][golden][html]") {
  fs::path out = fs::temp_directory_path() / ("kubeproof-golden-" + std::to_string(::getpid()) + ".html");
  auto report = testing::RunProgram({"/usr/bin/env", "SOURCE_DATE_EPOCH=1767225600", testing::KubeproofBinary(), "report",
                                     "--db", SampleAudit::Get().auto_db().string(), "--waivers",
                                     (fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "waivers.yaml").string(), "--as-of",
                                     kAsOf, "--format", "html", "-o", out.string()});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  std::string html = ReadFile(out);
  fs::remove(out);
  CHECK(html.find("2026-01-01 (UTC)") != std::string::npos);
  for (const char* id : {"eks-1.8.0", "aks-1.8.0", "gke-1.9.0", "cis-1.12.0", "cis-1.6.0"}) {
    CHECK(html.find(std::string("id=\"checks-") + id + "\"") != std::string::npos);
  }
  if (!GoldenComparable()) return;
  // The waiver file's path is the machine's; the golden names it as the repository does.
  std::string path = (fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "waivers.yaml").string();
  for (size_t at = html.find(path); at != std::string::npos; at = html.find(path, at)) html.replace(at, path.size(), "samples/waivers.yaml");
  CheckGolden("samples_demo.html", html);
}

TEST_CASE("the sample audit matches its golden markdown, JSON and CSV", "[report][golden]") {
  RenderOptions o;
  std::string md = SampleReport(ReportFormat::kMarkdown, o, GroupBy::kCluster);
  std::string json = SampleReport(ReportFormat::kJson, o, GroupBy::kCluster);
  std::string csv = SampleReport(ReportFormat::kCsv, o, GroupBy::kCluster);
  REQUIRE(nlohmann::json::accept(json));
  CHECK(testing::Lines(csv).size() == nlohmann::json::parse(json)["findings"].size() + 1);
  if (!GoldenComparable()) return;
  CheckGolden("samples.md", md);
  CheckGolden("samples.json", json);
  CheckGolden("samples.csv", csv);
}

TEST_CASE("the sample audit under CIS 1.12.0 matches its golden text and CSV", "[report][golden]") {
  ReportFilter filter;
  filter.benchmark = "cis-1.12.0";
  RenderOptions o;
  std::string text = SampleReport(ReportFormat::kText, o, GroupBy::kCluster, filter);
  std::string csv = SampleReport(ReportFormat::kCsv, o, GroupBy::kCluster, filter);
  auto json = nlohmann::json::parse(SampleReport(ReportFormat::kJson, o, GroupBy::kCluster, filter));
  CHECK(testing::Lines(csv).size() == json["findings"].size() + 1);
  if (!GoldenComparable()) return;
  CheckGolden("samples_cis-1.12.0_by_cluster.txt", text);
  CheckGolden("samples_cis-1.12.0.csv", csv);
}

TEST_CASE("the sample audit's JUnit is well-formed XML with a suite per node", "[report][golden]") {
  std::string xml = SampleReport(ReportFormat::kJunit, {}, GroupBy::kCluster);
  CHECK(testing::XmlWellFormed(xml) == "");
  size_t suites = 0;
  for (size_t at = xml.find("<testsuite "); at != std::string::npos; at = xml.find("<testsuite ", at + 1)) ++suites;
  auto json = nlohmann::json::parse(SampleReport(ReportFormat::kJson, {}, GroupBy::kCluster));
  CHECK(suites == json["bundles"].size());
  const std::string tests = "tests=\"" + std::to_string(json["findings"].size()) + "\"";
  CHECK(xml.find("<testsuites name=\"kubeproof cis-1.6.0\" " + tests) != std::string::npos);
}

TEST_CASE("the sample audit's SARIF has every required field and a location for file findings", "[report][golden]") {
  auto j = nlohmann::json::parse(SampleReport(ReportFormat::kSarif, {}, GroupBy::kCluster));
  auto report = nlohmann::json::parse(SampleReport(ReportFormat::kJson, {}, GroupBy::kCluster));
  CHECK(j["version"] == "2.1.0");
  CHECK(j.contains("$schema"));
  const auto& run = j["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "kubeproof");
  CHECK(run["tool"]["driver"]["rules"].size() == report["checks"].size());
  CHECK(run["results"].size() == report["findings"].size());
  size_t located = 0;
  for (const auto& r : run["results"]) {
    CHECK(r["ruleId"].is_string());
    CHECK(r["level"].is_string());
    CHECK_FALSE(r["message"]["text"].get<std::string>().empty());
    if (r.contains("locations")) ++located;
  }
  CHECK(located > 0);
}

}  // namespace
}  // namespace kubeproof
