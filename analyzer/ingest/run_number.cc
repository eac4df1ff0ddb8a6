#include "analyzer/ingest/run_number.h"

#include "analyzer/store/evidence_store.h"

namespace kubeproof {

Result<std::int64_t> RunNumber::Take(Database* db) {
  if (number_) return *number_;
  auto next = NextIngestRun(db);
  if (!next.ok()) return next.status();
  number_ = *next;
  return *number_;
}

void RunNumber::Committed() {
  if (number_) kept_ = true;
}

void RunNumber::RolledBack() {
  if (!kept_) number_.reset();
}

}  // namespace kubeproof
