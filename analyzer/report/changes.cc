#include "analyzer/report/changes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "analyzer/report/report_data.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

// The schema version that numbers ingest runs (schema/007_ingest_run.sql).
constexpr int kIngestRunSchema = 7;

// One evaluated bundle, as a comparison needs it.
struct StoredBundle {
  BundleRef ref;
  std::string cluster;
  std::string node;
};

// The ingest run that stored a bundle, comparable: bundles stored before runs were numbered are one
// run, older than every numbered run. Their ingested_at is stamped per bundle, so a long ingest
// would otherwise split into many rounds and name nodes as vanished that never were.
using RunKey = std::tuple<int, std::int64_t, std::string>;

RunKey RunOf(const StoredBundle& b) {
  if (b.ref.ingest_run) return {1, *b.ref.ingest_run, ""};
  return {0, 0, ""};
}

// A node's bundles in audit order: run, then collection time, then id.
bool EarlierRun(const StoredBundle* a, const StoredBundle* b) {
  return std::make_tuple(RunOf(*a), a->ref.started_at, a->ref.bundle_id) <
         std::make_tuple(RunOf(*b), b->ref.started_at, b->ref.bundle_id);
}

// A node's bundles in collection order, for --since.
bool EarlierCollected(const StoredBundle* a, const StoredBundle* b) {
  return std::make_tuple(a->ref.started_at, RunOf(*a), a->ref.bundle_id) <
         std::make_tuple(b->ref.started_at, RunOf(*b), b->ref.bundle_id);
}

bool Wanted(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// The two bundles a node is judged on; which of them is set says what happened to it.
struct Pairing {
  std::string cluster;
  std::string node;
  const StoredBundle* before = nullptr;
  const StoredBundle* after = nullptr;
};

// The pairings and whether any node in scope has something earlier to be compared with.
struct Pairings {
  std::vector<Pairing> nodes;
  bool has_previous = false;
};

// Every bundle with findings: a bundle stored without evaluation has nothing to compare.
Result<std::vector<StoredBundle>> LoadBundles(Database* db) {
  // A database opened read-only is not migrated: before version 7 no bundle has a run number.
  const std::string run = db->SchemaVersion() >= kIngestRunSchema ? "b.ingest_run" : "NULL";
  auto stmt =
      db->Prepare("SELECT b.bundle_id, b.started_at, b.sha256, " + run +
                  ", b.ingested_at, COALESCE(b.cluster, ''), b.node FROM bundles b"
                  " WHERE EXISTS (SELECT 1 FROM check_results r WHERE r.bundle_id = b.bundle_id)");
  if (!stmt.ok()) return stmt.status();
  std::vector<StoredBundle> bundles;
  while (stmt->Step()) {
    bundles.push_back(
        {{stmt->Int(0), stmt->Text(1), stmt->Text(2), stmt->OptionalInt(3), stmt->Text(4)},
         stmt->Text(5),
         stmt->Text(6)});
  }
  if (!stmt->status().ok()) return stmt->status();
  return bundles;
}

// cluster -> node -> its bundles, each list in `order`.
using BundlesByNode =
    std::map<std::string, std::map<std::string, std::vector<const StoredBundle*>>>;

BundlesByNode GroupBundles(const std::vector<StoredBundle>& bundles,
                           bool (*order)(const StoredBundle*, const StoredBundle*)) {
  BundlesByNode grouped;
  for (const auto& b : bundles) grouped[b.cluster][b.node].push_back(&b);
  for (auto& [cluster, nodes] : grouped) {
    for (auto& [node, list] : nodes) std::sort(list.begin(), list.end(), order);
  }
  return grouped;
}

// Without --since, per cluster: the current round is the newest run holding its bundles, the
// previous round the newest run before it. A node of the current round is compared with its bundle
// before its newest; a node of the previous round missing from the current one vanished.
Pairings PairByRounds(const std::vector<StoredBundle>& bundles, const ChangesFilter& filter) {
  Pairings out;
  for (const auto& [cluster, nodes] : GroupBundles(bundles, EarlierRun)) {
    if (!Wanted(filter.clusters, cluster)) continue;
    std::set<RunKey> runs;
    for (const auto& [node, list] : nodes) {
      for (const StoredBundle* b : list) runs.insert(RunOf(*b));
    }
    const RunKey current = *runs.rbegin();
    std::optional<RunKey> previous;
    if (runs.size() > 1) previous = *std::next(runs.rbegin());
    for (const auto& [node, list] : nodes) {
      if (!Wanted(filter.nodes, node)) continue;
      if (previous) out.has_previous = true;
      const StoredBundle* newest = list.back();
      if (RunOf(*newest) == current) {
        const StoredBundle* before = list.size() > 1 ? list[list.size() - 2] : nullptr;
        if (before != nullptr) out.has_previous = true;
        // A node first seen in the cluster's first audit appeared in nothing.
        if (before == nullptr && !previous) continue;
        out.nodes.push_back({cluster, node, before, newest});
      } else if (previous && RunOf(*newest) == *previous) {
        out.nodes.push_back({cluster, node, newest, nullptr});
      }
    }
  }
  return out;
}

// With --since: per node, its newest bundle collected at or after the instant against its newest
// collected before it.
Pairings PairBySince(const std::vector<StoredBundle>& bundles, const ChangesFilter& filter,
                     const std::string& since) {
  Pairings out;
  for (const auto& [cluster, nodes] : GroupBundles(bundles, EarlierCollected)) {
    if (!Wanted(filter.clusters, cluster)) continue;
    for (const auto& [node, list] : nodes) {
      if (!Wanted(filter.nodes, node)) continue;
      Pairing p{cluster, node, nullptr, nullptr};
      for (const StoredBundle* b : list) (b->ref.started_at < since ? p.before : p.after) = b;
      if (p.before != nullptr) out.has_previous = true;
      out.nodes.push_back(p);
    }
  }
  // With nothing collected before the instant, every node would merely have appeared.
  if (!out.has_previous) out.nodes.clear();
  return out;
}

// The benchmarks a bundle was evaluated against, narrowed to --benchmark.
Result<std::set<std::string>> BenchmarksOf(Database* db, std::int64_t bundle_id,
                                           const ChangesFilter& filter) {
  auto stmt = db->Prepare("SELECT DISTINCT benchmark FROM check_results WHERE bundle_id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, bundle_id);
  std::set<std::string> out;
  while (stmt->Step()) {
    if (!filter.benchmark || *filter.benchmark == stmt->Text(0)) out.insert(stmt->Text(0));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// The note for benchmarks one side was judged against and the other was not.
std::optional<std::string> BenchmarkSwitchNote(const std::set<std::string>& before,
                                               const std::set<std::string>& after) {
  std::vector<std::string> now_only, before_only;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(now_only));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(before_only));
  if (now_only.empty() && before_only.empty()) return std::nullopt;
  std::string judged = "judged against ";
  if (before_only.empty())
    judged += JoinIds(now_only) + " now, not before";
  else if (now_only.empty())
    judged += JoinIds(before_only) + " before, not now";
  else
    judged += JoinIds(now_only) + " now and " + JoinIds(before_only) + " before";
  return judged + ": not compared check by check";
}

// The checks of one benchmark whose stored status differs between the two bundles, in check order.
Status CompareChecks(Database* db, std::int64_t before, std::int64_t after,
                     const std::string& benchmark, NodeChange* change) {
  auto stmt = db->Prepare(
      "SELECT n.check_id, c.section, c.title, o.status, n.status, o.actual, n.actual, n.source, "
      "n.reason"
      " FROM check_results n"
      " JOIN check_results o ON o.bundle_id = ?1 AND o.benchmark = n.benchmark AND o.check_id = "
      "n.check_id"
      " JOIN checks c ON c.benchmark = n.benchmark AND c.check_id = n.check_id"
      " WHERE n.bundle_id = ?2 AND n.benchmark = ?3 AND o.status <> n.status"
      " ORDER BY c.position, n.check_id");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, before).Bind(2, after).Bind(3, benchmark);
  while (stmt->Step()) {
    auto was = ParseCheckStatus(stmt->Text(3));
    auto is = ParseCheckStatus(stmt->Text(4));
    if (!was || !is)
      return Status::Corrupt("unknown status for check " + stmt->Text(0) + " of " + benchmark);
    change->checks.push_back({benchmark, stmt->Text(0), stmt->Text(1), stmt->Text(2), *was, *is,
                              stmt->Text(5), stmt->Text(6), stmt->Text(7), stmt->Text(8)});
  }
  return stmt->status();
}

// Checks of a benchmark evaluated on one bundle only (the benchmark's rules changed in between).
Status NoteUnpairedChecks(Database* db, std::int64_t before, std::int64_t after,
                          const std::string& benchmark, NodeChange* change) {
  auto stmt = db->Prepare(
      "SELECT 1, a.check_id FROM check_results a WHERE a.bundle_id = ?2 AND a.benchmark = ?3 AND "
      "NOT EXISTS"
      "   (SELECT 1 FROM check_results b WHERE b.bundle_id = ?1 AND b.benchmark = ?3 AND "
      "b.check_id = a.check_id)"
      " UNION ALL "
      "SELECT 0, b.check_id FROM check_results b WHERE b.bundle_id = ?1 AND b.benchmark = ?3 AND "
      "NOT EXISTS"
      "   (SELECT 1 FROM check_results a WHERE a.bundle_id = ?2 AND a.benchmark = ?3 AND "
      "a.check_id = b.check_id)");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, before).Bind(2, after).Bind(3, benchmark);
  std::vector<std::string> now_only, before_only;
  while (stmt->Step()) (stmt->Int(0) == 1 ? now_only : before_only).push_back(stmt->Text(1));
  if (!stmt->status().ok()) return stmt->status();
  if (!now_only.empty()) {
    change->notes.push_back(benchmark + ": " + JoinIds(now_only) +
                            " evaluated now, not before: not compared");
  }
  if (!before_only.empty()) {
    change->notes.push_back(benchmark + ": " + JoinIds(before_only) +
                            " evaluated before, not now: not compared");
  }
  return Status::Ok();
}

// Benchmarks in report order: managed platforms' first, then the newest Kubernetes range.
std::vector<std::string> InOrder(const std::set<std::string>& ids,
                                 const std::vector<std::string>& order) {
  std::vector<std::string> out;
  for (const auto& id : order) {
    if (ids.count(id)) out.push_back(id);
  }
  for (const auto& id : ids) {
    if (std::find(order.begin(), order.end(), id) == order.end()) out.push_back(id);
  }
  return out;
}

class ChangeReader {
 public:
  ChangeReader(Database* db, const ChangesFilter& filter, std::vector<std::string> order)
      : db_(db), filter_(filter), order_(std::move(order)) {}

  // What there is to say about one pairing; nullopt when nothing (or nothing of --benchmark).
  Result<std::optional<NodeChange>> Describe(const Pairing& p, int* compared) {
    NodeChange change;
    change.cluster = p.cluster;
    change.node = p.node;
    std::set<std::string> before, after;
    if (p.before != nullptr) {
      change.before = p.before->ref;
      auto ids = BenchmarksOf(db_, p.before->ref.bundle_id, filter_);
      if (!ids.ok()) return ids.status();
      before = std::move(*ids);
    }
    if (p.after != nullptr) {
      change.after = p.after->ref;
      auto ids = BenchmarksOf(db_, p.after->ref.bundle_id, filter_);
      if (!ids.ok()) return ids.status();
      after = std::move(*ids);
    }
    if (before.empty() && after.empty()) return std::optional<NodeChange>();
    if (p.before == nullptr || p.after == nullptr) {
      change.kind = p.before == nullptr ? NodeChange::Kind::kAppeared : NodeChange::Kind::kVanished;
      return std::optional<NodeChange>(std::move(change));
    }
    ++*compared;
    if (auto note = BenchmarkSwitchNote(before, after)) change.notes.push_back(*note);
    std::set<std::string> both;
    std::set_intersection(before.begin(), before.end(), after.begin(), after.end(),
                          std::inserter(both, both.end()));
    for (const auto& benchmark : InOrder(both, order_)) {
      if (Status s = CompareChecks(db_, p.before->ref.bundle_id, p.after->ref.bundle_id, benchmark,
                                   &change);
          !s.ok())
        return s;
      if (Status s = NoteUnpairedChecks(db_, p.before->ref.bundle_id, p.after->ref.bundle_id,
                                        benchmark, &change);
          !s.ok())
        return s;
    }
    if (change.checks.empty() && change.notes.empty()) return std::optional<NodeChange>();
    return std::optional<NodeChange>(std::move(change));
  }

 private:
  Database* db_;
  const ChangesFilter& filter_;
  const std::vector<std::string> order_;
};

}  // namespace

Result<std::string> ParseSince(const std::string& text) {
  auto instant = ParseUtcInstant(text);
  if (!instant) {
    return Status::InvalidArgument(
        "--since wants a date YYYY-MM-DD or a UTC time like 2026-11-01T10:00:00Z, not " + text);
  }
  return *instant;
}

Result<Changes> LoadChanges(Database* db, const ChangesFilter& filter) {
  Changes changes;
  if (filter.since) {
    auto since = ParseSince(*filter.since);
    if (!since.ok()) return since.status();
    changes.since = *since;
  }
  // The report's own check of --node, --cluster and --benchmark, with its messages.
  ReportFilter scope;
  scope.nodes = filter.nodes;
  scope.clusters = filter.clusters;
  if (auto known = BenchmarksToReport(db, scope, filter.benchmark); !known.ok())
    return known.status();
  auto order = BenchmarksToReport(db, ReportFilter{}, std::nullopt);
  if (!order.ok()) return order.status();
  auto bundles = LoadBundles(db);
  if (!bundles.ok()) return bundles.status();

  changes.baseline = filter.since ? "bundles collected before " + changes.since
                                  : "each node's bundle before its newest";
  Pairings pairings =
      filter.since ? PairBySince(*bundles, filter, changes.since) : PairByRounds(*bundles, filter);
  changes.has_previous = pairings.has_previous;
  ChangeReader reader(db, filter, std::move(*order));
  for (const Pairing& p : pairings.nodes) {
    auto change = reader.Describe(p, &changes.nodes_compared);
    if (!change.ok()) return change.status();
    if (*change) changes.nodes.push_back(std::move(**change));
  }
  return changes;
}

}  // namespace kubeproof
