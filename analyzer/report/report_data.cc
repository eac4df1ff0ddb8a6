#include "analyzer/report/report_data.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "analyzer/report/findings_by_check.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

// List filters travel as one bound JSON array that SQL opens with json_each: no SQL is built.
std::optional<std::string> JsonList(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  return nlohmann::json(values).dump();
}

bool SectionSelected(const std::string& section, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return section == w || section.rfind(w + ".", 0) == 0;
  });
}

std::string JoinNames(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status LoadBenchmarkRows(Database* db, const ReportFilter& filter, ReportData* data) {
  auto title = db->Prepare("SELECT title, kubernetes_range FROM benchmarks WHERE benchmark = ?");
  if (!title.ok()) return title.status();
  title->Bind(1, data->benchmark);
  if (title->Step()) {
    data->benchmark_title = title->Text(0);
    data->kubernetes_range = title->Text(1);
  }
  if (!title->status().ok()) return title->status();
  if (data->benchmark_title.empty()) data->benchmark_title = data->benchmark;

  auto sections = db->Prepare("SELECT section, title FROM sections WHERE benchmark = ? ORDER BY position");
  if (!sections.ok()) return sections.status();
  sections->Bind(1, data->benchmark);
  std::set<std::string> all_sections;
  while (sections->Step()) {
    std::string id = sections->Text(0);
    all_sections.insert(id);
    if (SectionSelected(id, filter.sections)) data->sections.push_back({id, sections->Text(1)});
  }
  if (!sections->status().ok()) return sections->status();
  for (const auto& wanted : filter.sections) {
    bool known = std::any_of(all_sections.begin(), all_sections.end(),
                             [&](const std::string& s) { return SectionSelected(s, {wanted}); });
    if (!known) return Status::InvalidArgument("no section " + wanted + " in " + data->benchmark + " (sections: " + JoinNames(all_sections) + ")");
  }

  auto checks = db->Prepare(
      "SELECT check_id, section, title, scored, automated, component, expected, remediation FROM checks"
      " WHERE benchmark = ? ORDER BY position");
  if (!checks.ok()) return checks.status();
  checks->Bind(1, data->benchmark);
  std::set<std::string> all_checks;
  while (checks->Step()) {
    CheckInfo c{checks->Text(0), checks->Text(1), checks->Text(2), checks->Int(3) != 0, checks->Int(4) != 0,
                checks->Text(5), checks->Text(6), checks->Text(7)};
    all_checks.insert(c.id);
    if (!SectionSelected(c.section, filter.sections)) continue;
    if (!filter.checks.empty() && std::find(filter.checks.begin(), filter.checks.end(), c.id) == filter.checks.end()) continue;
    if (filter.scored_only && !c.scored) continue;
    data->checks.push_back(std::move(c));
  }
  if (!checks->status().ok()) return checks->status();
  for (const auto& wanted : filter.checks) {
    if (all_checks.count(wanted) == 0) return Status::InvalidArgument("no check " + wanted + " in " + data->benchmark);
  }
  return Status::Ok();
}

// Every node and cluster with findings in the database, under any benchmark: what a --node or
// --cluster may name.
Status CheckScope(Database* db, const ReportFilter& filter) {
  if (filter.nodes.empty() && filter.clusters.empty()) return Status::Ok();
  auto stmt = db->Prepare(
      "SELECT DISTINCT b.node, COALESCE(b.cluster, '') FROM bundles b"
      " WHERE EXISTS (SELECT 1 FROM check_results r WHERE r.bundle_id = b.bundle_id)");
  if (!stmt.ok()) return stmt.status();
  std::set<std::string> all_nodes, all_clusters;
  while (stmt->Step()) {
    all_nodes.insert(stmt->Text(0));
    if (!stmt->Text(1).empty()) all_clusters.insert(stmt->Text(1));
  }
  if (!stmt->status().ok()) return stmt->status();
  for (const auto& n : filter.nodes) {
    if (all_nodes.count(n) == 0) return Status::InvalidArgument("no node " + n + " in the database (nodes: " + JoinNames(all_nodes) + ")");
  }
  for (const auto& c : filter.clusters) {
    if (all_clusters.count(c) == 0) return Status::InvalidArgument("no cluster " + c + " in the database (clusters: " + JoinNames(all_clusters) + ")");
  }
  return Status::Ok();
}

Status LoadNodes(Database* db, const ReportFilter& filter, ReportData* data) {
  if (Status s = CheckScope(db, filter); !s.ok()) return s;
  // Databases older than schema 8 (schema/008_bundle_signer.sql) hold unsigned bundles only.
  const std::string signer = db->SchemaVersion() >= 8
                                 ? "COALESCE(b.signer, '') AS signer, COALESCE(b.signer_trusted, 0) AS trusted"
                                 : "'' AS signer, 0 AS trusted";
  // The newest evaluated bundle of each (cluster, node): a node collected twice counts once. One
  // window over the evaluated bundles, where a correlated NOT EXISTS compared every pair.
  auto stmt = db->Prepare(
      "SELECT bundle_id, node, cluster, started_at, sha256, signer, trusted FROM ("
      " SELECT b.bundle_id, b.node, COALESCE(b.cluster, '') AS cluster, b.started_at, b.sha256, " + signer +
      ", row_number() OVER (PARTITION BY b.node, COALESCE(b.cluster, '')"
      "   ORDER BY b.started_at DESC, b.bundle_id DESC) AS newest"
      " FROM bundles b"
      " WHERE EXISTS (SELECT 1 FROM check_results r WHERE r.bundle_id = b.bundle_id AND r.benchmark = ?1))"
      " WHERE newest = 1 ORDER BY cluster, node");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, data->benchmark);
  auto wanted = [](const std::vector<std::string>& list, const std::string& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  while (stmt->Step()) {
    NodeInfo n{stmt->Int(0), stmt->Text(1), stmt->Text(2), stmt->Text(3), stmt->Text(4), stmt->Text(5), stmt->Int(6) != 0};
    if (wanted(filter.nodes, n.node) && wanted(filter.clusters, n.cluster)) data->nodes.push_back(std::move(n));
  }
  return stmt->status();
}

// A cluster whose nodes were evaluated against different benchmarks: its column in this table
// covers only some of them, and the note names the others and their benchmarks. A report of
// chosen nodes says nothing of the nodes left out.
Status NoteSplitClusters(Database* db, const ReportFilter& filter, ReportData* data) {
  if (!filter.nodes.empty()) return Status::Ok();
  std::map<std::string, std::set<std::string>> shown;  // cluster -> its nodes in this table
  for (const auto& n : data->nodes) {
    if (!n.cluster.empty()) shown[n.cluster].insert(n.node);
  }
  // From the evaluations, a row per (bundle, benchmark), never from the findings, a row per check.
  auto stmt = db->Prepare(
      "SELECT b.cluster, b.node, group_concat(DISTINCT e.benchmark) FROM bundles b"
      " JOIN evaluations e ON e.bundle_id = b.bundle_id"
      " WHERE b.cluster IS NOT NULL GROUP BY b.cluster, b.node HAVING sum(e.benchmark = ?1) = 0"
      " ORDER BY b.cluster, b.node");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, data->benchmark);
  std::map<std::string, std::vector<std::string>> elsewhere;  // cluster -> "node (benchmarks)"
  while (stmt->Step()) {
    auto cluster = shown.find(stmt->Text(0));
    if (cluster == shown.end() || cluster->second.count(stmt->Text(1))) continue;
    elsewhere[stmt->Text(0)].push_back(stmt->Text(1) + " (" + stmt->Text(2) + ")");
  }
  if (!stmt->status().ok()) return stmt->status();
  for (const auto& [cluster, others] : elsewhere) {
    std::string list;
    for (const auto& o : others) list += (list.empty() ? "" : ", ") + o;
    data->notes.push_back("cluster " + cluster + ": this column covers " + std::to_string(shown[cluster].size()) +
                          " of its nodes; evaluated against other benchmarks: " + list);
  }
  return Status::Ok();
}

// The notes of the evaluations shown: a version outside the benchmark's range, or none known.
Status LoadNotes(Database* db, const ReportFilter& filter, ReportData* data) {
  auto stmt = db->Prepare("SELECT bundle_id, note FROM evaluations WHERE benchmark = ? AND note <> ''");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, data->benchmark);
  std::map<std::int64_t, std::string> notes;
  while (stmt->Step()) notes[stmt->Int(0)] = stmt->Text(1);
  if (!stmt->status().ok()) return stmt->status();
  for (const auto& n : data->nodes) {
    auto note = notes.find(n.bundle_id);
    if (note != notes.end()) data->notes.push_back((n.cluster.empty() ? "" : n.cluster + "/") + n.node + ": " + note->second);
  }
  return NoteSplitClusters(db, filter, data);
}

// One finding row of the statement ForEachFinding prepares.
Result<FindingRow> ReadFinding(Statement& stmt, const NodeInfo& n) {
  auto status = ParseCheckStatus(stmt.Text(3));
  if (!status) return Status::Corrupt("unknown status " + stmt.Text(3) + " for check " + stmt.Text(1));
  auto code = ParseReasonCode(stmt.Text(8));
  if (!code) return Status::Corrupt("unknown reason code " + stmt.Text(8) + " for check " + stmt.Text(1));
  return FindingRow{n.bundle_id, n.node, n.cluster, stmt.Text(1), stmt.Text(2), *status,
                    stmt.Text(4), stmt.Text(5), stmt.Text(6), stmt.Text(7), *code, std::nullopt};
}

// The filters of every finding query, on the checks row `c`: ?2 sections and ?3 checks as JSON
// lists (or NULL), ?4 scored checks only.
constexpr const char* kFindingFilters =
    " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(?2) j"
    "      WHERE c.section = j.value OR substr(c.section, 1, length(j.value) + 1) = j.value || '.'))"
    " AND (?3 IS NULL OR c.check_id IN (SELECT value FROM json_each(?3)))"
    " AND (?4 = 0 OR c.scored = 1)";

}  // namespace

Status ForEachFinding(Database* db, const ReportFilter& filter, const ReportData& frame,
                      const std::function<void(FindingRow&&)>& visit, FindingOrder order) {
  if (order == FindingOrder::kByCheck) {
    auto read = FindingsByCheck::Read(db, frame, nullptr);
    if (!read.ok()) return read.status();
    return (*read)->Replay(frame, visit);
  }
  // Node order reads one bundle (?5) at a time through the primary key, so nothing sorts them all.
  // As stored, CROSS JOIN keeps the findings the outer loop: one pass over them, no sort.
  const std::string columns =
      "SELECT r.bundle_id, r.check_id, c.section, r.status, r.expected, r.actual, r.source, r.reason, r.reason_code"
      " FROM check_results r";
  const std::string on =
      std::string(" c ON c.benchmark = r.benchmark AND c.check_id = r.check_id WHERE r.benchmark = ?1") + kFindingFilters;
  auto stmt = db->Prepare(order == FindingOrder::kByNode
                              ? columns + " JOIN checks" + on + " AND r.bundle_id = ?5 ORDER BY c.position"
                              : columns + " CROSS JOIN checks" + on);
  if (!stmt.ok()) return stmt.status();
  auto bind = [&]() {
    stmt->Bind(1, frame.benchmark).Bind(2, JsonList(filter.sections)).Bind(3, JsonList(filter.checks))
        .Bind(4, std::int64_t{filter.scored_only ? 1 : 0});
  };
  if (order == FindingOrder::kByNode) {
    std::vector<std::pair<std::string, const NodeInfo*>> nodes;
    for (const auto& n : frame.nodes) nodes.emplace_back(NodeLabel(n.cluster, n.node), &n);
    std::stable_sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [label, n] : nodes) {
      stmt->Reset();  // which clears the bindings too
      bind();
      stmt->Bind(5, n->bundle_id);
      while (stmt->Step()) {
        auto row = ReadFinding(*stmt, *n);
        if (!row.ok()) return row.status();
        visit(std::move(*row));
      }
      if (!stmt->status().ok()) return stmt->status();
    }
    return Status::Ok();
  }
  bind();
  std::unordered_map<std::int64_t, size_t> node_index;
  for (size_t i = 0; i < frame.nodes.size(); ++i) node_index[frame.nodes[i].bundle_id] = i;
  while (stmt->Step()) {
    auto node = node_index.find(stmt->Int(0));
    if (node == node_index.end()) continue;
    auto row = ReadFinding(*stmt, frame.nodes[node->second]);
    if (!row.ok()) return row.status();
    visit(std::move(*row));
  }
  return stmt->status();
}

Status ScanFindings(Database* db, const ReportData& frame, std::string_view table, std::string_view more_columns,
                    const std::function<Status(const StoredFinding&, const Statement&)>& visit) {
  std::unordered_map<std::string, std::size_t> checks;
  for (std::size_t i = 0; i < frame.checks.size(); ++i) checks.emplace(frame.checks[i].id, i);
  std::unordered_map<std::int64_t, std::size_t> nodes;
  for (std::size_t i = 0; i < frame.nodes.size(); ++i) nodes.emplace(frame.nodes[i].bundle_id, i);
  auto stmt = db->Prepare("SELECT bundle_id, check_id, status, reason_code" + std::string(more_columns) + " FROM " +
                          std::string(table) + " WHERE benchmark = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, frame.benchmark);
  while (stmt->Step()) {
    auto node = nodes.find(stmt->Int(0));
    if (node == nodes.end()) continue;
    auto check = checks.find(stmt->Text(1));
    if (check == checks.end()) continue;
    auto status = ParseCheckStatus(stmt->Text(2));
    if (!status) return Status::Corrupt("unknown status " + stmt->Text(2) + " for check " + stmt->Text(1));
    auto code = ParseReasonCode(stmt->Text(3));
    if (!code) return Status::Corrupt("unknown reason code " + stmt->Text(3) + " for check " + stmt->Text(1));
    if (Status s = visit({node->second, check->second, *status, *code}, *stmt); !s.ok()) return s;
  }
  return stmt->status();
}

FindingRow StatusRow(const ReportData& frame, const StoredFinding& finding) {
  const NodeInfo& n = frame.nodes[finding.node];
  const CheckInfo& c = frame.checks[finding.check];
  FindingRow row;
  row.bundle_id = n.bundle_id;
  row.node = n.node;
  row.cluster = n.cluster;
  row.check_id = c.id;
  row.section = c.section;
  row.status = finding.status;
  row.reason_code = finding.reason_code;
  return row;
}

Status ForEachFindingStatus(Database* db, const ReportData& frame, const std::function<void(FindingRow&&)>& visit) {
  // No sort and no text, so ten thousand nodes are counted in a fraction of a second.
  return ScanFindings(db, frame, "check_results", "", [&](const StoredFinding& f, const Statement&) {
    visit(StatusRow(frame, f));
    return Status::Ok();
  });
}

Result<ReportData> LoadReportFrame(Database* db, const ReportFilter& filter) {
  ReportData data;
  data.benchmark = filter.benchmark;
  if (Status s = LoadBenchmarkRows(db, filter, &data); !s.ok()) return s;
  if (Status s = LoadNodes(db, filter, &data); !s.ok()) return s;
  if (Status s = LoadNotes(db, filter, &data); !s.ok()) return s;
  return data;
}

Result<std::vector<std::string>> BenchmarksToReport(Database* db, const ReportFilter& scope,
                                                    const std::optional<std::string>& wanted) {
  if (Status s = CheckScope(db, scope); !s.ok()) return s;
  // The managed platforms' benchmarks side by side first, then the generic ones, newest first:
  // the benchmark today's nodes are held to leads them.
  auto stmt = db->Prepare(
      "SELECT b.benchmark FROM benchmarks b WHERE EXISTS (SELECT 1 FROM check_results r"
      "   JOIN bundles n ON n.bundle_id = r.bundle_id WHERE r.benchmark = b.benchmark"
      "   AND (?1 IS NULL OR n.node IN (SELECT value FROM json_each(?1)))"
      "   AND (?2 IS NULL OR n.cluster IN (SELECT value FROM json_each(?2))))"
      " ORDER BY b.kubernetes_range = '', b.platform = '', CAST(substr(b.kubernetes_range, instr(b.kubernetes_range, '-') + 3) AS INTEGER) DESC,"
      " b.benchmark");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, JsonList(scope.nodes)).Bind(2, JsonList(scope.clusters));
  std::vector<std::string> evaluated;
  while (stmt->Step()) evaluated.push_back(stmt->Text(0));
  if (!stmt->status().ok()) return stmt->status();
  if (evaluated.empty() && (!scope.nodes.empty() || !scope.clusters.empty())) {
    return Status::InvalidArgument("no findings for the nodes and clusters selected");
  }
  if (evaluated.empty()) return Status::NotFound("the database holds no findings; run 'kubeproof ingest' or 'kubeproof evaluate' first");
  if (!wanted) return evaluated;
  if (std::find(evaluated.begin(), evaluated.end(), *wanted) == evaluated.end()) {
    return Status::InvalidArgument("no findings for benchmark " + *wanted + (scope.nodes.empty() && scope.clusters.empty() ? "" : " on the nodes and clusters selected") + " (evaluated: " +
                                   JoinNames(std::set<std::string>(evaluated.begin(), evaluated.end())) + ")");
  }
  return std::vector<std::string>{*wanted};
}

}  // namespace kubeproof
