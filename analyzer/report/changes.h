// Changes since the previous audit: per node, the checks whose status differs between its
// newest bundle and the one before, and the nodes that appeared or vanished.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/rules/finding.h"
#include "analyzer/store/database.h"
#include "common/status.h"

namespace kubeproof {

struct ChangesFilter {
  std::vector<std::string> nodes;     // empty: every node
  std::vector<std::string> clusters;  // empty: every cluster
  std::optional<std::string> benchmark;  // only this benchmark's checks
  // The previous audit is the newest bundle of each node collected before this instant
  // (YYYY-MM-DD, midnight UTC, or an RFC 3339 UTC time); unset: each node's bundle before its newest.
  std::optional<std::string> since;
};

// One bundle a comparison rests on.
struct BundleRef {
  std::int64_t bundle_id = 0;
  std::string started_at;
  std::string sha256;
  std::optional<std::int64_t> ingest_run;  // unset for a bundle stored before schema version 7
  std::string ingested_at;
};

struct CheckChange {
  std::string benchmark;
  std::string check_id;
  std::string section;
  std::string title;
  CheckStatus before = CheckStatus::kUnverifiable;
  CheckStatus after = CheckStatus::kUnverifiable;
  std::string actual_before;
  std::string actual_after;
  std::string source_after;
  std::string reason_after;
};

struct NodeChange {
  enum class Kind { kChanged, kAppeared, kVanished };
  Kind kind = Kind::kChanged;
  std::string cluster;  // empty when the bundles carry none
  std::string node;
  std::optional<BundleRef> before;  // unset for an appeared node
  std::optional<BundleRef> after;   // unset for a vanished node
  std::vector<CheckChange> checks;  // benchmark order, then check order; only for kChanged
  // What could not be compared, e.g. "judged against cis-1.12.0 now and cis-1.6.0 before".
  std::vector<std::string> notes;
};

struct Changes {
  // How the previous audit was chosen, for the reader: "bundles collected before 2026-11-01"
  // or "each node's bundle before its newest".
  std::string baseline;
  std::string since;  // --since as an instant (2026-11-01T00:00:00Z); empty without it
  bool has_previous = false;  // false: no node has an earlier bundle; nothing to compare
  int nodes_compared = 0;     // nodes with a bundle on both sides, changed or not
  std::vector<NodeChange> nodes;  // only nodes with something to say; by cluster, then node
};

// Reads the changes from the database; an unknown --node, --cluster or --benchmark, or a
// malformed --since, is InvalidArgument.
Result<Changes> LoadChanges(Database* db, const ChangesFilter& filter);

// --since as the instant it names (ParseUtcInstant); InvalidArgument, in one line, when malformed.
Result<std::string> ParseSince(const std::string& text);

}  // namespace kubeproof
