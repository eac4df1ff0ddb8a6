#include "analyzer/ingest/prepare_pipeline.h"

#include <algorithm>

namespace kubeproof {

PreparePipeline::PreparePipeline(const std::vector<std::string>& paths, const IngestSettings& settings,
                                 unsigned workers)
    : paths_(paths),
      settings_(settings),
      window_(2 * std::max(1u, workers)) {
  const std::size_t count = std::min<std::size_t>(std::max(1u, workers), paths_.size());
  for (std::size_t i = 0; i < count; ++i) threads_.emplace_back(&PreparePipeline::Work, this);
}

PreparePipeline::~PreparePipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  consumed_.notify_all();
  for (auto& t : threads_) t.join();
}

void PreparePipeline::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    consumed_.wait(lock, [&] { return stopping_ || next_to_start_ == paths_.size() || next_to_start_ < next_to_take_ + window_; });
    if (stopping_ || next_to_start_ == paths_.size()) return;
    const std::size_t index = next_to_start_++;
    lock.unlock();
    Result<PreparedBundle> prepared = PrepareBundle(paths_[index], settings_);
    lock.lock();
    prepared_.emplace(index, std::move(prepared));
    ready_.notify_all();
  }
}

Result<PreparedBundle> PreparePipeline::Next() {
  std::unique_lock lock(mutex_);
  const std::size_t index = next_to_take_;
  ready_.wait(lock, [&] { return prepared_.count(index) != 0; });
  auto found = prepared_.find(index);
  Result<PreparedBundle> prepared = std::move(found->second);
  prepared_.erase(found);
  ++next_to_take_;
  lock.unlock();
  consumed_.notify_all();
  return prepared;
}

unsigned PrepareWorkers(unsigned jobs) {
  if (jobs > 0) return jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace kubeproof
