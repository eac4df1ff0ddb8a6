// Commits stored bundles in groups. Each bundle stays all-or-nothing (StoreBundle's transaction
// becomes a savepoint inside the group); a group pays for one commit's page writes, where a
// commit per bundle rewrote the same half-filled pages of every table each time.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "analyzer/store/database.h"

namespace kubeproof {

class CommitGroup {
 public:
  // A group is committed once it holds `max_bundles`, or once it has been open `max_open`,
  // so that a parallel ingest waiting for the write lock gets it within that time.
  CommitGroup(Database* db, std::size_t max_bundles, std::chrono::milliseconds max_open);

  // Opens a group when none is open; call before storing a bundle.
  Status Join();
  // Counts one stored bundle and commits the group when it is full or old.
  Status Stored();
  // Commits whatever is open.
  Status Commit();
  // Rolls back whatever is open, after a failed write.
  void Abandon();
  // Bundles stored in the open group, not yet committed.
  std::size_t pending() const { return pending_; }

 private:
  Database* db_;
  const std::size_t max_bundles_;
  const std::chrono::milliseconds max_open_;
  std::optional<Transaction> open_;
  std::chrono::steady_clock::time_point opened_at_;
  std::size_t pending_ = 0;
};

}  // namespace kubeproof
