// A small audit database for report, waiver and query tests, filled through the store API.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer/report/report_data.h"
#include "analyzer/report/streamed_report.h"
#include "analyzer/report/summary.h"
#include "analyzer/store/database.h"
#include "analyzer/store/evidence_store.h"
#include "analyzer/store/findings_store.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof::testing {

struct TestFinding {
  std::string check_id;
  CheckStatus status;
  std::string actual = "";
  std::string source = "";
  std::string reason = "";
  ReasonCode reason_code = ReasonCode::kNone;
};

struct TestNode {
  std::string cluster;  // empty: no cluster
  std::string node;
  std::vector<TestFinding> findings;
  std::string started_at = "2026-01-01T00:00:00Z";
  std::string benchmark = "test-1.0";  // or "test-2.0", the same checks under another id
  std::string platform = "unknown";    // as the evaluation records it
  std::int64_t ingest_run = 1;         // the ingest invocation that stored it
  std::string sha256 = "";             // the bundle's checksum; empty: "cluster/node@started_at"
};

// Benchmark "test-1.0": sections 1.1, 4.1, 4.2; 1.1.1 and 4.1.1 and 4.2.1-4.2.3 (4.2.3 manual, not scored).
inline Benchmark TestBenchmark() {
  Benchmark b;
  b.id = "test-1.0";
  b.title = "Test Benchmark v1.0";
  b.sections = {{"1.1", "Control plane node configuration files"}, {"4.1", "Worker node configuration files"},
                {"4.2", "Kubelet"}};
  auto check = [](std::string id, std::string section, std::string title, bool scored, bool automated) {
    CheckDefinition c;
    c.id = std::move(id);
    c.section = std::move(section);
    c.title = std::move(title);
    c.scored = scored;
    c.automated = automated;
    c.component = "kubelet";
    c.expected = "expected value of " + c.id;
    c.remediation = "fix " + c.id;
    return c;
  };
  b.checks = {check("1.1.1", "1.1", "API server manifest is 600", true, true),
              check("4.1.1", "4.1", "Kubelet unit is 644", true, true),
              check("4.2.1", "4.2", "Anonymous auth is off", true, true),
              check("4.2.2", "4.2", "Read-only port is 0", true, true),
              check("4.2.3", "4.2", "Event QPS is set", false, false)};
  return b;
}

// A report filter on TestBenchmark, the only benchmark a TestDatabase holds.
inline ReportFilter TestFilter() {
  ReportFilter f;
  f.benchmark = "test-1.0";
  return f;
}

// A fresh database file in a temporary directory, removed with the object.
class TestDatabase {
 public:
  explicit TestDatabase(const std::vector<TestNode>& nodes) {
    char pattern[] = "/tmp/kubeproof-report-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    path_ = dir_ / "audit.db";
    auto db = Database::Open(path_, Database::Mode::kReadWrite);
    Check(db.status());
    Benchmark first = TestBenchmark(), second = TestBenchmark();
    second.id = "test-2.0";
    second.title = "Test Benchmark v2.0";
    auto tx = Transaction::Begin(db->get());
    Check(tx.status());
    Check(SaveBenchmark(db->get(), first));
    Check(SaveBenchmark(db->get(), second));
    for (const auto& node : nodes) {
      NodeEvidence ev = EvidenceBuilder().Node(node.node).Build();
      ev.bundle.sha256 = node.sha256.empty() ? node.cluster + "/" + node.node + "@" + node.started_at : node.sha256;
      if (!node.cluster.empty()) ev.bundle.cluster = node.cluster;
      ev.bundle.started_at = node.started_at;
      auto id = InsertEvidence(db->get(), ev, DerivedRows{}, "2026-01-02T00:00:00Z", node.ingest_run);
      Check(id.status());
      NodeEvaluation evaluation;
      evaluation.choice.benchmark = node.benchmark == second.id ? &second : &first;
      evaluation.choice.basis = ChoiceBasis::kRequested;
      evaluation.choice.platform.platform = node.platform;
      evaluation.choice.platform.origin = "test marker of " + node.platform;
      for (const auto& f : node.findings) {
        evaluation.evaluation.findings.push_back({f.check_id, f.status, "expected value of " + f.check_id, f.actual, f.source,
                                       f.reason.empty() ? std::string(CheckStatusName(f.status)) + " reason" : f.reason,
                                       f.reason_code});
      }
      Check(ReplaceFindings(db->get(), *id, evaluation, "2026-01-02T00:00:00Z"));
    }
    Check(tx->Commit());
  }
  ~TestDatabase() { std::filesystem::remove_all(dir_); }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static void Check(const Status& s) {
    if (!s.ok()) throw std::runtime_error("test database: " + s.message());
  }
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

// Every finding `filter` selects, as reports stream them in `order`, waived by `matcher` when given.
inline std::vector<FindingRow> Findings(const TestDatabase& tdb, const ReportFilter& filter,
                                        WaiverMatcher* matcher = nullptr,
                                        FindingOrder order = FindingOrder::kByCheck) {
  auto db = Database::Open(tdb.path(), Database::Mode::kReadOnly);
  if (!db.ok()) throw std::runtime_error(db.status().message());
  auto frame = LoadReportFrame(db->get(), filter);
  if (!frame.ok()) throw std::runtime_error(frame.status().message());
  std::vector<FindingRow> out;
  Status s = ForEachFinding(
      db->get(), filter, *frame,
      [&](FindingRow&& f) {
        if (matcher != nullptr) WaiveFinding(matcher, filter.benchmark, &f);
        out.push_back(std::move(f));
      },
      order);
  if (!s.ok()) throw std::runtime_error(s.message());
  return out;
}

// The report `request` asks for, as `kubeproof report` writes it; TestBenchmark's when it names
// no benchmark.
inline std::string Report(const TestDatabase& tdb, ReportRequest request) {
  auto db = Database::Open(tdb.path(), Database::Mode::kReadOnly);
  if (!db.ok()) throw std::runtime_error(db.status().message());
  if (request.benchmarks.empty()) request.benchmarks = {TestFilter().benchmark};
  std::ostringstream out;
  auto uses = WriteReport(db->get(), request, out);
  if (!uses.ok()) throw std::runtime_error(uses.status().message());
  return out.str();
}

// Two clusters: alpha (a1, a2) and beta (b1), with the mix of states the roll-up rules need.
inline std::vector<TestNode> TwoClusters() {
  using S = CheckStatus;
  return {
      {"alpha", "a1", {{"1.1.1", S::kUnverifiable, "", "", "kube-apiserver not running on this node"},
                       {"4.1.1", S::kPass, "/etc/systemd/system/kubelet.service mode 0644"},
                       {"4.2.1", S::kPass, "false", "config file /var/lib/kubelet/config.yaml key authentication.anonymous.enabled"},
                       {"4.2.2", S::kPass, "0"},
                       {"4.2.3", S::kManual}}},
      {"alpha", "a2", {{"1.1.1", S::kUnverifiable, "", "", "kube-apiserver not running on this node"},
                       {"4.1.1", S::kUnverifiable, "", "", "file unreadable: /etc/systemd/system/kubelet.service"},
                       {"4.2.1", S::kPass, "false"},
                       {"4.2.2", S::kFail, "10255", "flag --read-only-port on running kubelet (pid 812)", "--read-only-port is 10255"},
                       {"4.2.3", S::kManual}}},
      {"beta", "b1", {{"1.1.1", S::kFail, "/etc/kubernetes/manifests/kube-apiserver.yaml mode 0644", "", "mode 0644 has bits 0044 outside 0600"},
                      {"4.1.1", S::kPass, "/etc/systemd/system/kubelet.service mode 0644"},
                      {"4.2.1", S::kFail, "true", "", "anonymous auth, \"quoted\", is on"},
                      {"4.2.2", S::kPass, "0"},
                      {"4.2.3", S::kManual}}},
  };
}

}  // namespace kubeproof::testing
