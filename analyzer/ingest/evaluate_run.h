// Re-evaluation of stored bundles in commit groups: the write lock is held for one group at a
// time, so a parallel ingest gets in between, and bundles it stores meanwhile are evaluated too.
#pragma once

#include <chrono>
#include <cstddef>

#include "analyzer/rules/node_evaluation.h"
#include "analyzer/store/database.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

struct EvaluateRunOptions {
  // As for ingest: a group is committed once it holds this many bundles or has been open this long.
  std::size_t group_bundles = 64;
  std::chrono::milliseconds group_open_for{250};
  // Threads judging a group's bundles while the database waits (at least one).
  unsigned workers = 1;
};

class EvaluateObserver {
 public:
  virtual ~EvaluateObserver() = default;
  // A group was committed; `evaluated` bundles are stored with their new findings so far.
  virtual void Committed(std::size_t evaluated) = 0;
};

// Evaluates every bundle in `db` against the benchmarks `rules` chooses for its node, in bundle id
// order, until none is left that this run has not evaluated. FAIL findings matched by `matcher`
// are stored as WAIVED. Each (bundle, benchmark)'s findings are replaced whole, and findings for
// other benchmarks are kept; on an error the groups committed before it keep their new findings.
Result<std::size_t> EvaluateStored(Database* db, const RuleSet& rules, WaiverMatcher& matcher,
                                   const EvaluateRunOptions& run,
                                   EvaluateObserver* observer = nullptr);

}  // namespace kubeproof
