#include "analyzer/ingest/commit_group.h"

#include <thread>

namespace kubeproof {
namespace {

constexpr std::chrono::milliseconds kLockPause{3};

}  // namespace

CommitGroup::CommitGroup(Database* db, std::size_t max_bundles, std::chrono::milliseconds max_open)
    : db_(db), max_bundles_(max_bundles), max_open_(max_open) {}

Status CommitGroup::Join() {
  if (open_) return Status::Ok();
  auto tx = Transaction::Begin(db_);
  if (!tx.ok()) return tx.status();
  open_.emplace(std::move(*tx));
  opened_at_ = std::chrono::steady_clock::now();
  pending_ = 0;
  return Status::Ok();
}

Status CommitGroup::Stored() {
  ++pending_;
  if (pending_ < max_bundles_ && std::chrono::steady_clock::now() - opened_at_ < max_open_) return Status::Ok();
  return Commit();
}

Status CommitGroup::Commit() {
  if (!open_) return Status::Ok();
  Status s = open_->Commit();
  open_.reset();  // rolls back when the commit failed
  if (!s.ok()) return s;
  pending_ = 0;
  // A pause without the lock lets a waiting writer (another ingest, retrying every millisecond) in.
  std::this_thread::sleep_for(kLockPause);
  return s;
}

void CommitGroup::Abandon() {
  open_.reset();
  pending_ = 0;
}

}  // namespace kubeproof
