// Prepares bundles (verify, parse, evaluate) on worker threads while the caller stores them: the
// database is written by one thread, in the order the bundles were given.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "analyzer/ingest/ingester.h"

namespace kubeproof {

class PreparePipeline {
 public:
  // Starts `workers` threads (at least one) over `paths`; both must outlive the pipeline.
  PreparePipeline(const std::vector<std::string>& paths, const IngestSettings& settings, unsigned workers);
  ~PreparePipeline();
  PreparePipeline(const PreparePipeline&) = delete;
  PreparePipeline& operator=(const PreparePipeline&) = delete;

  // The prepared bundle for the next path in order, waiting for it if need be.
  // Call at most once per path.
  Result<PreparedBundle> Next();

 private:
  void Work();

  const std::vector<std::string>& paths_;
  const IngestSettings& settings_;
  // At most this many bundles are held in memory, prepared or being prepared, ahead of the caller.
  const std::size_t window_;
  std::mutex mutex_;
  std::condition_variable ready_;     // a bundle was prepared
  std::condition_variable consumed_;  // the caller took one, or the pipeline is stopping
  std::map<std::size_t, Result<PreparedBundle>> prepared_;  // by path index; at most window_ entries
  std::size_t next_to_start_ = 0;
  std::size_t next_to_take_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Worker threads for a --jobs value: 0 means one per available CPU.
unsigned PrepareWorkers(unsigned jobs);

}  // namespace kubeproof
