// The run number one ingest invocation stamps on every bundle it stores (bundles.ingest_run).
#pragma once

#include <cstdint>
#include <optional>

#include "analyzer/store/database.h"

namespace kubeproof {

// Taken as 1 + the highest stored when the run writes its first bundle, under the write lock, so
// parallel ingests get numbers of their own; kept once a commit holds a bundle stamped with it.
// Until then a rollback gives it up, since another ingest may take the same number meanwhile.
class RunNumber {
 public:
  // The number for a bundle being stored now. REQUIRES: the write transaction is open.
  Result<std::int64_t> Take(Database* db);
  // Everything stored since the last call was committed.
  void Committed();
  // Everything stored since the last commit was rolled back.
  void RolledBack();

 private:
  std::optional<std::int64_t> number_;
  bool kept_ = false;
};

}  // namespace kubeproof
