// What changed between two audits of the sample nodes, as an auditor runs them: the collector on
// staged sample trees edited between the collections, `kubeproof ingest`, then
// `kubeproof report --changes`.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/report/changes.h"
#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/program_runner.h"
#include "tools/sample_nodes.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFirst = "2026-10-01T09:00:00Z";
constexpr const char* kSecond = "2026-11-02T09:00:00Z";
// A credential in a value the collector must withhold; it may never reach a report.
constexpr const char* kCanary = "KUBEPROOF-CANARY-changes-audit-sink";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces `from` with `to` in a staged file, which may be read-only (proc entries are 0444).
void Edit(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = ReadFile(file);
  size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error(file.string() + " holds no " + from);
  text.replace(at, from.size(), to);
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

samples::SampleNode Sample(const std::string& cluster, const std::string& node) {
  for (const auto& s : samples::ListSampleNodes()) {
    if (s.cluster == cluster && s.node == node) return s;
  }
  throw std::runtime_error("no sample node " + cluster + "/" + node);
}

// The sample nodes audited twice, a month apart. Between the audits: worker-1's kubelet turned
// anonymous auth on (4.2.1 PASS -> FAIL) and its read-only port off (4.2.4 FAIL -> PASS); cp-1's
// API server started auditing to a sink whose URL holds a credential (1.2.22 FAIL -> PASS);
// worker-2 was retired and worker-3 added; upgrade/node-a went from Kubernetes 1.20 to 1.32, so
// it is judged against another benchmark. Each collection is stamped with its audit's date.
class TwoAudits {
 public:
  static const TwoAudits& Get() {
    static TwoAudits audits;
    return audits;
  }
  // Each audit ingested by its own `kubeproof ingest`, the first with --jobs 2.
  fs::path two_ingests;
  // Both audits' bundles ingested by one `kubeproof ingest`.
  fs::path one_ingest;
  // The first audit only.
  fs::path first_only;
  fs::path first_bundles, second_bundles;

 private:
  TwoAudits() : dir_("changes-audit") {
    first_bundles = dir_ / "first";
    second_bundles = dir_ / "second";
    const auto worker = Sample("self-managed", "worker-1");
    const auto cp = Sample("self-managed", "cp-1");
    Collect(cp, "self-managed", "cp-1", kFirst, first_bundles);
    Collect(worker, "self-managed", "worker-1", kFirst, first_bundles);
    Collect(worker, "self-managed", "worker-2", kFirst, first_bundles);
    Collect(worker, "upgrade", "node-a", kFirst, first_bundles);
    Collect(cp, "self-managed", "cp-1", kSecond, second_bundles, [](const fs::path& root) {
      Edit(root / "proc/2236/cmdline", std::string("--secure-port=6443") + '\0',
           std::string("--secure-port=6443") + '\0' +
               "--audit-log-path=https://auditor:" + kCanary + "@audit.example/cp-1" + '\0');
    });
    Collect(worker, "self-managed", "worker-1", kSecond, second_bundles, [](const fs::path& root) {
      Edit(root / "var/lib/kubelet/config.yaml", "  anonymous:\n    enabled: false",
           "  anonymous:\n    enabled: true");
      Edit(root / "proc/1120/cmdline", "--read-only-port=10255", "--read-only-port=0");
    });
    Collect(worker, "self-managed", "worker-3", kSecond, second_bundles);
    Collect(worker, "upgrade", "node-a", kSecond, second_bundles, [](const fs::path& root) {
      Edit(root / "var/lib/dpkg/status", "Version: 1.20.4-00\nDescription: Kubernetes Node Agent",
           "Version: 1.32.3-1.1\nDescription: Kubernetes Node Agent");
    });
    two_ingests = dir_ / "two.db";
    Ingest(two_ingests, {"--jobs", "2", first_bundles.string()});
    Ingest(two_ingests, {second_bundles.string()});
    one_ingest = dir_ / "one.db";
    Ingest(one_ingest, {first_bundles.string(), second_bundles.string()});
    first_only = dir_ / "first.db";
    Ingest(first_only, {first_bundles.string()});
  }

  // Stages `sample`, lets `change` edit it, collects it as `cluster`/`node` and stamps the bundle
  // with the audit's date.
  void Collect(const samples::SampleNode& sample, const std::string& cluster,
               const std::string& node, const std::string& at, const fs::path& into,
               const std::function<void(const fs::path&)>& change = {}) {
    fs::path stage = dir_ / "stage" / std::to_string(staged_++);
    fs::path root = samples::StageSampleNode(sample, stage);
    if (change) change(root);
    fs::path raw = stage / "bundle.tar.gz";
    auto collected = testing::RunProgram(
        {std::string(KUBEPROOF_BINARY_DIR) + "/bin/kubeproof-collect", "--root", root.string(),
         "--cluster", cluster, "--node-name", node, "-o", raw.string()});
    if (collected.exit_code != 0)
      throw std::runtime_error("collect " + cluster + "/" + node + ": " + collected.err);
    testing::WriteFile(into / (cluster + "-" + node + ".tar.gz"),
                       testing::RestampedBundle(ReadFile(raw), at));
  }

  static void Ingest(const fs::path& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {testing::KubeproofBinary(), "ingest", "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto ingested = testing::RunProgram(argv);
    if (ingested.exit_code != 0) throw std::runtime_error("ingest failed: " + ingested.err);
  }

  testing::ScratchDir dir_;
  int staged_ = 0;
};

testing::ProgramResult Report(const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> argv = {testing::KubeproofBinary(), "report", "--db", db.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::RunProgram(argv);
}

json ChangesJson(const fs::path& db, const std::vector<std::string>& args = {}) {
  std::vector<std::string> all = {"--changes", "--format", "json"};
  all.insert(all.end(), args.begin(), args.end());
  auto report = Report(db, all);
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  REQUIRE(report.err.empty());
  REQUIRE(json::accept(report.out));
  return json::parse(report.out);
}

// "cluster/node kind" per listed node.
std::vector<std::string> Listed(const json& changes) {
  std::vector<std::string> out;
  for (const auto& n : changes["nodes"]) {
    out.push_back(n["cluster"].get<std::string>() + "/" + n["node"].get<std::string>() + " " +
                  n["kind"].get<std::string>());
  }
  return out;
}

const json& Node(const json& changes, const std::string& node) {
  for (const auto& n : changes["nodes"]) {
    if (n["node"] == node) return n;
  }
  FAIL("no change listed for " << node);
  throw std::logic_error("unreachable");
}

// "benchmark check before->after" per changed check of a node.
std::vector<std::string> Flips(const json& node) {
  std::vector<std::string> out;
  for (const auto& c : node["checks"]) {
    out.push_back(c["benchmark"].get<std::string>() + " " + c["check_id"].get<std::string>() + " " +
                  c["before"].get<std::string>() + "->" + c["after"].get<std::string>());
  }
  return out;
}

const json& Check(const json& node, const std::string& check_id) {
  for (const auto& c : node["checks"]) {
    if (c["check_id"] == check_id) return c;
  }
  FAIL("no changed check " << check_id);
  throw std::logic_error("unreachable");
}

// The stored actual value of a check on a node's bundle collected at `at`.
std::string StoredActual(const fs::path& db, const std::string& node, const std::string& check,
                         const std::string& at) {
  return testing::QueryValue(
      db, "SELECT r.actual FROM check_results r JOIN bundles b USING (bundle_id) WHERE b.node = '" +
              node + "' AND r.check_id = '" + check + "' AND b.started_at = '" + at + "'");
}

}  // namespace

TEST_CASE(
    "two audits ingested one after the other: flipped checks, a retired node, a new one, an "
    "upgrade",
    "[changes]") {
  const auto& audits = TwoAudits::Get();
  json c = ChangesJson(audits.two_ingests);
  CHECK(c["has_previous"] == true);
  CHECK(c["since"].is_null());
  CHECK(Listed(c) ==
        std::vector<std::string>{"self-managed/cp-1 changed", "self-managed/worker-1 changed",
                                 "self-managed/worker-2 vanished", "self-managed/worker-3 appeared",
                                 "upgrade/node-a changed"});
  CHECK(c["nodes_compared"] == 3);

  const json& worker = Node(c, "worker-1");
  CHECK(worker["before"]["started_at"] == kFirst);
  CHECK(worker["before"]["ingest_run"] == 1);
  CHECK(worker["after"]["started_at"] == kSecond);
  CHECK(worker["after"]["ingest_run"] == 2);
  CHECK(Flips(worker) ==
        std::vector<std::string>{"cis-1.6.0 4.2.1 PASS->FAIL", "cis-1.6.0 4.2.4 FAIL->PASS"});
  const json& anonymous = Check(worker, "4.2.1");
  CHECK(anonymous["actual_before"] == "--anonymous-auth = false");
  CHECK(anonymous["actual_after"] == "--anonymous-auth = true");
  CHECK(anonymous["source_after"] ==
        "config file /var/lib/kubelet/config.yaml key authentication.anonymous.enabled");
  CHECK(anonymous["reason_after"] == "--anonymous-auth is true, expected false");
  CHECK(anonymous["section"] == "4.2");
  CHECK(Check(worker, "4.2.4")["actual_before"] == "--read-only-port = 10255");
  CHECK(Check(worker, "4.2.4")["actual_after"] == "--read-only-port = 0");

  CHECK(Flips(Node(c, "cp-1")) == std::vector<std::string>{"cis-1.6.0 1.2.22 FAIL->PASS"});
  const json& upgraded = Node(c, "node-a");
  CHECK(upgraded["checks"].empty());
  CHECK(upgraded["notes"] ==
        json{"judged against cis-1.12.0 now and cis-1.6.0 before: not compared check by check"});
  CHECK(Node(c, "worker-2")["before"]["started_at"] == kFirst);
  CHECK(Node(c, "worker-2")["after"].is_null());
  CHECK(Node(c, "worker-3")["after"]["ingest_run"] == 2);

  auto text = Report(audits.two_ingests, {"--changes"});
  REQUIRE(text.exit_code == 0);
  const std::string before = Node(c, "worker-1")["before"]["bundle_id"].dump();
  const std::string after = Node(c, "worker-1")["after"]["bundle_id"].dump();
  CHECK_THAT(text.out,
             Catch::StartsWith(
                 "Changes since the previous audit: each node's bundle before its newest\n"));
  CHECK_THAT(text.out,
             Catch::Contains("self-managed/worker-1: bundle " + before + " (collected at " +
                             kFirst + ") -> bundle " + after + " (collected at " + kSecond +
                             ")\n"
                             "  cis-1.6.0\n"
                             "    4.2.1  PASS -> FAIL  actual: --anonymous-auth = false -> "
                             "--anonymous-auth = true\n"));
  CHECK_THAT(text.out,
             Catch::Contains("    4.2.4  FAIL -> PASS  actual: --read-only-port = 10255 -> "
                             "--read-only-port = 0\n"));
  CHECK_THAT(text.out,
             Catch::Contains(
                 "vanished (in the previous audit, not in this one):\n  self-managed/worker-2: "));
  CHECK_THAT(text.out,
             Catch::EndsWith("3 nodes compared: 3 changed, 0 unchanged; 1 appeared, 1 vanished\n"));
}

TEST_CASE(
    "a value holding a credential stays as redacted as it is stored, in every format of the "
    "changes",
    "[changes]") {
  const auto& audits = TwoAudits::Get();
  const json changes = ChangesJson(audits.two_ingests);
  const json& flip = Check(Node(changes, "cp-1"), "1.2.22");
  CHECK(flip["actual_after"] == "--audit-log-path = <redacted>");
  CHECK(flip["actual_after"] == StoredActual(audits.two_ingests, "cp-1", "1.2.22", kSecond));
  for (const char* format : {"text", "markdown", "json"}) {
    INFO(format);
    auto report = Report(audits.two_ingests, {"--changes", "--format", format});
    REQUIRE(report.exit_code == 0);
    CHECK_THAT(report.out, Catch::Contains("--audit-log-path = <redacted>"));
    CHECK(report.out.find(kCanary) == std::string::npos);
    CHECK(report.out.find("auditor:") == std::string::npos);
  }
}

TEST_CASE("both audits ingested by one invocation: each node's two collections are still compared",
          "[changes]") {
  const auto& audits = TwoAudits::Get();
  json c = ChangesJson(audits.one_ingest);
  CHECK(c["has_previous"] == true);
  // One ingest is one audit round: nothing vanished or appeared within it.
  CHECK(Listed(c) == std::vector<std::string>{"self-managed/cp-1 changed",
                                              "self-managed/worker-1 changed",
                                              "upgrade/node-a changed"});
  CHECK(c["nodes_compared"] == 3);
  const json& worker = Node(c, "worker-1");
  CHECK(worker["before"]["ingest_run"] == 1);
  CHECK(worker["after"]["ingest_run"] == 1);
  CHECK(worker["before"]["started_at"] == kFirst);
  CHECK(Flips(worker) ==
        std::vector<std::string>{"cis-1.6.0 4.2.1 PASS->FAIL", "cis-1.6.0 4.2.4 FAIL->PASS"});
}

TEST_CASE(
    "changes since a date compare with the newest bundles collected before it, whichever ingest "
    "stored them",
    "[changes]") {
  const auto& audits = TwoAudits::Get();
  for (const char* since : {"2026-11-01", "2026-10-01T09:00:01Z", "2026-11-02T09:00:00Z"}) {
    INFO(since);
    for (const auto& db : {audits.two_ingests, audits.one_ingest}) {
      json c = ChangesJson(db, {"--since", since});
      CHECK(c["baseline"] == "bundles collected before " + *ParseSince(since));
      CHECK(Listed(c) ==
            std::vector<std::string>{"self-managed/cp-1 changed", "self-managed/worker-1 changed",
                                     "self-managed/worker-2 vanished",
                                     "self-managed/worker-3 appeared", "upgrade/node-a changed"});
      CHECK(Flips(Node(c, "worker-1")) ==
            std::vector<std::string>{"cis-1.6.0 4.2.1 PASS->FAIL", "cis-1.6.0 4.2.4 FAIL->PASS"});
    }
  }
  // --since alone implies --changes.
  auto implied = Report(audits.two_ingests, {"--since", "2026-11-01"});
  REQUIRE(implied.exit_code == 0);
  CHECK_THAT(implied.out,
             Catch::StartsWith("Changes since the previous audit: bundles collected before "
                               "2026-11-01T00:00:00Z\n"));
  // Before the first audit there is nothing to compare with.
  auto early = Report(audits.two_ingests, {"--changes", "--since", "2026-10-01"});
  REQUIRE(early.exit_code == 0);
  CHECK(early.out ==
        "Changes since the previous audit: bundles collected before 2026-10-01T00:00:00Z\n"
        "no earlier audit in the database\n");
  for (const char* bad : {"2026-11-31", "last month", "2026-11-01T10:00:00+01:00"}) {
    INFO(bad);
    auto refused = Report(audits.two_ingests, {"--since", bad});
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.empty());
    CHECK(refused.err ==
          std::string("kubeproof report: --since wants a date YYYY-MM-DD or a UTC time like "
                      "2026-11-01T10:00:00Z, not ") +
              bad + "\n");
  }
}

TEST_CASE(
    "the changes of chosen nodes, clusters or benchmarks, and unknown names refused with the known "
    "ones",
    "[changes]") {
  const auto& audits = TwoAudits::Get();
  CHECK(
      Listed(ChangesJson(audits.two_ingests, {"--node", "worker-1,worker-2"})) ==
      std::vector<std::string>{"self-managed/worker-1 changed", "self-managed/worker-2 vanished"});
  CHECK(Listed(ChangesJson(audits.two_ingests, {"--cluster", "upgrade"})) ==
        std::vector<std::string>{"upgrade/node-a changed"});
  json newer = ChangesJson(audits.two_ingests, {"--benchmark", "cis-1.12.0"});
  CHECK(Listed(newer) == std::vector<std::string>{"upgrade/node-a changed"});
  CHECK(Node(newer, "node-a")["notes"] ==
        json{"judged against cis-1.12.0 now, not before: not compared check by check"});
  json older =
      ChangesJson(audits.two_ingests, {"--benchmark", "cis-1.6.0", "--cluster", "self-managed"});
  CHECK(Listed(older).size() == 4);

  auto node = Report(audits.two_ingests, {"--changes", "--node", "worker-9"});
  CHECK(node.exit_code == 2);
  CHECK(node.err ==
        "kubeproof report: no node worker-9 in the database (nodes: cp-1, node-a, worker-1, "
        "worker-2, worker-3)\n");
  auto cluster = Report(audits.two_ingests, {"--changes", "--cluster", "prod"});
  CHECK(cluster.exit_code == 2);
  CHECK(cluster.err ==
        "kubeproof report: no cluster prod in the database (clusters: self-managed, upgrade)\n");
  auto benchmark = Report(audits.two_ingests, {"--changes", "--benchmark", "eks-1.8.0"});
  CHECK(benchmark.exit_code == 2);
  CHECK_THAT(benchmark.err, Catch::Contains("no findings for benchmark eks-1.8.0"));
}

TEST_CASE(
    "the first audit alone has no earlier one, and the Markdown of two audits has a table per node",
    "[changes]") {
  const auto& audits = TwoAudits::Get();
  auto first = Report(audits.first_only, {"--changes"});
  REQUIRE(first.exit_code == 0);
  CHECK(first.out ==
        "Changes since the previous audit: each node's bundle before its newest\n"
        "no earlier audit in the database\n");
  CHECK(ChangesJson(audits.first_only)["has_previous"] == false);
  auto md = Report(audits.two_ingests, {"--changes", "--format", "markdown"});
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("\n## self-managed/worker-1\n"));
  CHECK_THAT(md.out,
             Catch::Contains(
                 "| cis-1.6.0 | 4.2.1 | The kubelet refuses anonymous requests | PASS | FAIL | "
                 "--anonymous-auth = false | --anonymous-auth = true |"));
  CHECK_THAT(md.out,
             Catch::Contains(
                 "\n- judged against cis-1.12.0 now and cis-1.6.0 before: not compared check by "
                 "check\n"));
}

TEST_CASE("the changes report refuses the formats and flags of the comparison table", "[changes]") {
  const auto& audits = TwoAudits::Get();
  for (const char* format : {"csv", "junit", "sarif"}) {
    auto refused = Report(audits.two_ingests, {"--changes", "--format", format});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err == "kubeproof report: --changes is shown as text, markdown, json or html\n");
  }
  for (std::vector<std::string> flags : {std::vector<std::string>{"--detail"},
                                         {"--status", "fail"},
                                         {"--fail-on", "fail"},
                                         {"--section", "4"},
                                         {"--by", "node"}}) {
    flags.insert(flags.begin(), "--changes");
    auto refused = Report(audits.two_ingests, flags);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err == "kubeproof report: " + flags[1] + " does not apply to --changes\n");
  }
}

TEST_CASE("each ingest invocation stamps the bundles it stores with one new run number",
          "[changes][ingest]") {
  const auto& audits = TwoAudits::Get();
  // The first audit with --jobs 2, the second after it.
  CHECK(
      testing::QueryValue(
          audits.two_ingests,
          "SELECT group_concat(n, ' ') FROM (SELECT ingest_run || ':' || count(*) AS n FROM bundles"
          " GROUP BY ingest_run ORDER BY ingest_run)") == "1:4 2:4");
  CHECK(testing::QueryValue(audits.one_ingest,
                            "SELECT group_concat(DISTINCT ingest_run) FROM bundles") == "1");
  // An ingest that stores nothing new takes no number; the next one that stores takes 3.
  testing::ScratchDir dir("changes-runs");
  fs::copy_file(audits.two_ingests, dir / "audit.db");
  auto again = testing::RunProgram({testing::KubeproofBinary(), "ingest", "--db",
                                    (dir / "audit.db").string(), audits.first_bundles.string()});
  CHECK(again.exit_code == 0);
  fs::path bundle =
      testing::WriteFile(dir / "lab-worker.tar.gz", testing::WriteBundle(testing::WorkerBundle()));
  auto next = testing::RunProgram({testing::KubeproofBinary(), "ingest", "--db",
                                   (dir / "audit.db").string(), "--benchmark", "cis-1.6.0",
                                   bundle.string()});
  CHECK(next.exit_code == 0);
  CHECK(testing::QueryValue(
            dir / "audit.db",
            "SELECT ingest_run FROM bundles WHERE node = 'worker-1' AND cluster = 'lab'") == "3");
  auto check = testing::RunProgram(
      {testing::KubeproofBinary(), "check", "--db", (dir / "audit.db").string()});
  CHECK(check.exit_code == 0);
}

}  // namespace kubeproof
