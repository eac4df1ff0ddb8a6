#include "analyzer/report/text_table.h"

namespace kubeproof {
namespace {

// A fleet repeats a few thousand texts; the bound keeps a fleet whose texts all differ within
// the report's memory budget, at the price of reading them again.
constexpr std::size_t kCachedBytes = std::size_t{16} << 20;

}  // namespace

TextTable::TextTable(Database* db) : db_(db) {}

std::int64_t TextTable::Number(std::string&& text) {
  auto [it, added] = numbers_.emplace(std::move(text), static_cast<std::int64_t>(numbered_.size()) + 1);
  if (added) numbered_.push_back(&it->first);
  return it->second;
}

Result<std::string> TextTable::Text(std::int64_t number) {
  if (db_ == nullptr) {
    if (number < 1 || static_cast<std::size_t>(number) > numbered_.size())
      return Status::Corrupt("no text numbered " + std::to_string(number));
    return *numbered_[static_cast<std::size_t>(number) - 1];
  }
  if (auto hit = cache_.find(number); hit != cache_.end()) return hit->second;
  auto stmt = db_->Prepare("SELECT text FROM texts WHERE text_id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, number);
  if (!stmt->Step()) {
    if (!stmt->status().ok()) return stmt->status();
    return Status::Corrupt("a check result refers to text " + std::to_string(number) + ", which is missing");
  }
  std::string text = stmt->Text(0);
  if (cached_bytes_ + text.size() > kCachedBytes) {
    cache_.clear();
    cached_bytes_ = 0;
  }
  cached_bytes_ += text.size();
  return cache_.emplace(number, std::move(text)).first->second;
}

}  // namespace kubeproof
