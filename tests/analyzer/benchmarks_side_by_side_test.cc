// Several benchmarks in one database, as an auditor drives them from the command line: the choice
// per node at ingest, a second benchmark added by evaluate, both in the report, stale checks gone.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;
using testing::QueryValue;
using testing::RunProgram;

// A worker whose kubelet reports `version`.
fs::path Worker(const testing::ScratchDir& dir, const std::string& node,
                const std::string& version) {
  testing::BundleContent content = testing::WorkerBundle(node);
  content.manifest["kubernetes_versions"] = {
      {{"component", "kubelet"}, {"version", version}, {"source", "test fixture"}}};
  return testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(content));
}

testing::ProgramResult Kubeproof(std::vector<std::string> args) {
  args.insert(args.begin(), testing::KubeproofBinary());
  return RunProgram(args);
}

std::string Count(const fs::path& db, const std::string& where) {
  return QueryValue(db, "SELECT count(*) FROM check_results WHERE " + where);
}

TEST_CASE(
    "ingest evaluates each node against the benchmark of its Kubernetes version and records why",
    "[benchmarks]") {
  testing::ScratchDir dir("side-by-side-ingest");
  fs::path db = dir / "audit.db";
  auto ingest = Kubeproof({"ingest", "--db", db.string(), Worker(dir, "old", "v1.20.4").string(),
                           Worker(dir, "new", "v1.33.1").string()});
  INFO(ingest.err);
  REQUIRE(ingest.exit_code == 0);
  CHECK(QueryValue(db,
                   "SELECT group_concat(b.node || ' ' || e.benchmark || ' ' || e.basis, '; ') FROM "
                   "evaluations e"
                   " JOIN bundles b USING (bundle_id) ORDER BY b.node") ==
        "old cis-1.6.0 nearest; new cis-1.12.0 in-range");
  CHECK(QueryValue(
            db,
            "SELECT note FROM evaluations e JOIN bundles b USING (bundle_id) WHERE node = 'old'") ==
        "Kubernetes 1.20 (v1.20.4, kubelet: test fixture) is outside the benchmark's range: "
        "cis-1.6.0 is written for "
        "Kubernetes 1.16-1.18; it is the nearest installed benchmark");
  CHECK(Count(db,
              "benchmark = 'cis-1.12.0' AND bundle_id = (SELECT bundle_id FROM bundles WHERE node "
              "= 'old')") == "0");
  CHECK(QueryValue(db, "SELECT DISTINCT benchmark_note FROM findings WHERE node = 'new'") == "");
}

TEST_CASE(
    "evaluate --benchmark adds a second benchmark's findings and keeps the first's; the report "
    "shows both",
    "[benchmarks]") {
  testing::ScratchDir dir("side-by-side-evaluate");
  fs::path db = dir / "audit.db";
  REQUIRE(
      Kubeproof({"ingest", "--db", db.string(), Worker(dir, "w1", "v1.20.4").string()}).exit_code ==
      0);
  const std::string first =
      QueryValue(db,
                 "SELECT group_concat(check_id || status || actual || source, '|') FROM"
                 " (SELECT * FROM check_results WHERE benchmark = 'cis-1.6.0' ORDER BY check_id)");
  REQUIRE(Count(db, "benchmark = 'cis-1.6.0'") == "98");

  auto evaluate = Kubeproof({"evaluate", "--db", db.string(), "--benchmark", "cis-1.12.0"});
  INFO(evaluate.err);
  REQUIRE(evaluate.exit_code == 0);
  CHECK(Count(db, "benchmark = 'cis-1.12.0'") == "131");
  CHECK(Count(db, "benchmark = 'cis-1.6.0'") == "98");
  CHECK(QueryValue(
            db,
            "SELECT group_concat(check_id || status || actual || source, '|') FROM"
            " (SELECT * FROM check_results WHERE benchmark = 'cis-1.6.0' ORDER BY check_id)") ==
        first);
  CHECK(QueryValue(db, "SELECT count(DISTINCT benchmark) FROM effective_settings") == "2");

  auto report = Kubeproof({"report", "--db", db.string(), "--ascii"});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  auto newer = report.out.find("CIS Kubernetes Benchmark v1.12.0: share of recommendations met");
  auto older = report.out.find("CIS Kubernetes Benchmark v1.6.0: share of recommendations met");
  REQUIRE(newer != std::string::npos);
  REQUIRE(older != std::string::npos);
  CHECK(newer < older);
  CHECK(report.out.find("4.3  kube-proxy") != std::string::npos);
  CHECK(report.out.find("Kubernetes 1.20 (v1.20.4, kubelet: test fixture) is outside the "
                        "benchmark's range: cis-1.12.0") != std::string::npos);

  auto one =
      Kubeproof({"report", "--db", db.string(), "--benchmark", "cis-1.12.0", "--format", "json"});
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("\"id\": \"cis-1.12.0\"") != std::string::npos);
  auto several = Kubeproof({"report", "--db", db.string(), "--format", "json"});
  CHECK(several.exit_code == 2);
  CHECK(several.err ==
        "kubeproof report: several benchmarks were evaluated (cis-1.12.0, cis-1.6.0) and this "
        "format holds "
        "one; choose it with --benchmark\n");
  auto csv = Kubeproof({"report", "--db", db.string(), "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 1 + 131 + 98);
}

TEST_CASE(
    "a check removed from the rule files disappears, with its findings, on the next evaluation",
    "[benchmarks]") {
  testing::ScratchDir dir("side-by-side-stale");
  fs::path db = dir / "audit.db";
  fs::path rules = dir / "rules";
  fs::copy(fs::path(KUBEPROOF_SOURCE_DIR) / "benchmarks", rules, fs::copy_options::recursive);
  REQUIRE(Kubeproof({"ingest", "--db", db.string(), "--rules", rules.string(),
                     Worker(dir, "w1", "v1.20.4").string()})
              .exit_code == 0);
  REQUIRE(
      QueryValue(
          db, "SELECT count(*) FROM checks WHERE benchmark = 'cis-1.6.0' AND check_id = '3.2.1'") ==
      "1");
  fs::path file = rules / "cis-1.6.0" / "3-control-plane-config.yaml";
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  auto start = text.find("  - id: 3.2.1");
  REQUIRE(start != std::string::npos);
  auto end = text.find("  - id: 3.2.2");
  std::ofstream(file, std::ios::trunc) << text.substr(0, start) + text.substr(end);
  fs::remove(rules / "cis-1.6.0" / "examples" / "3-control-plane-config.yaml");

  auto evaluate = Kubeproof(
      {"evaluate", "--db", db.string(), "--rules", rules.string(), "--benchmark", "cis-1.6.0"});
  INFO(evaluate.err);
  REQUIRE(evaluate.exit_code == 0);
  CHECK(
      QueryValue(
          db, "SELECT count(*) FROM checks WHERE benchmark = 'cis-1.6.0' AND check_id = '3.2.1'") ==
      "0");
  CHECK(Count(db, "check_id = '3.2.1'") == "0");
  CHECK(Count(db, "benchmark = 'cis-1.6.0'") == "97");
}

TEST_CASE("an unknown --benchmark is a usage error that writes nothing", "[benchmarks]") {
  testing::ScratchDir dir("side-by-side-unknown");
  fs::path db = dir / "audit.db";
  auto ingest = Kubeproof({"ingest", "--db", db.string(), "--benchmark", "cis-9.9",
                           Worker(dir, "w1", "v1.20.4").string()});
  CHECK(ingest.exit_code == 2);
  CHECK(ingest.err.find("kubeproof ingest: --benchmark: no benchmark 'cis-9.9' in ") == 0);
  CHECK_FALSE(fs::exists(db));
  CHECK(Kubeproof({"evaluate", "--db", db.string(), "--benchmark", "a,,b"}).exit_code == 2);
}

TEST_CASE(
    "kubeproof benchmarks lists each benchmark with its Kubernetes range and checks per section",
    "[benchmarks]") {
  auto list = Kubeproof({"benchmarks"});
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find(
            "cis-1.6.0  CIS Kubernetes Benchmark v1.6.0  (Kubernetes 1.16-1.18; any platform without its own benchmark; 98 checks)\n") !=
        std::string::npos);
  CHECK(list.out.find(
            "cis-1.12.0  CIS Kubernetes Benchmark v1.12.0  (Kubernetes 1.32-1.34; any platform without its own benchmark; 131 checks)\n") !=
        std::string::npos);
  // CIS 1.12.0's own counts: 1.1-1.4 hold 60 checks, etcd 7, section 3 five, section 4 25, section
  // 5 34.
  for (const char* line :
       {"  1.1   21 checks", "  1.2   30 checks", "  1.3   7 checks", "  1.4   2 checks",
        "  2     7 checks", "  4.1   10 checks", "  4.2   14 checks", "  4.3   1 checks",
        "  5.1   13 checks (13 manual)"}) {
    INFO(line);
    CHECK(list.out.find(line) != std::string::npos);
  }
}

}  // namespace
}  // namespace kubeproof
