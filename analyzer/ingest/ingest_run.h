// Ingest of a list of bundles: prepared on worker threads, stored in list order by the calling
// thread, committed in groups. Each bundle is stored whole or not at all.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "analyzer/ingest/ingester.h"

namespace kubeproof {

struct IngestRunOptions {
  unsigned workers = 1;  // threads preparing bundles
  // A group is committed once it holds this many bundles or has been open this long; a
  // parallel ingest waiting for the write lock waits no longer than that between groups.
  std::size_t group_bundles = 64;
  std::chrono::milliseconds group_open_for{250};
};

// What happens to each bundle, told as it happens, in list order.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  virtual void Starting(std::size_t index, const std::string& path) = 0;
  virtual void Refused(const std::string& path, const Status& reason) = 0;
  virtual void AlreadyPresent(const std::string& path, const IngestOutcome& outcome) = 0;
};

struct IngestTally {
  std::size_t added = 0;
  std::size_t present = 0;
  std::size_t refused = 0;
};

// Ingests `paths` into `db`. When a write fails (a full disk), the open group's bundles are stored
// again one per transaction; the run fails at the first bundle that still cannot be stored, and
// every bundle before it is stored.
Result<IngestTally> IngestBundles(Database* db, const std::vector<std::string>& paths, const IngestSettings& settings,
                                  const IngestRunOptions& options, IngestObserver& observer);

}  // namespace kubeproof
