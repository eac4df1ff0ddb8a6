#include "analyzer/store/intern_cache.h"

namespace kubeproof {
namespace {

// Past this many bytes of remembered text the cache starts over, so memory stays flat however
// many distinct texts a long run meets.
constexpr std::size_t kMaxBytes = 32u << 20;

}  // namespace

std::optional<std::int64_t> InternCache::Find(Table table, std::string_view text) const {
  const Ids& ids = ids_[static_cast<std::size_t>(table)];
  auto found = ids.find(text);
  if (found == ids.end()) return std::nullopt;
  return found->second;
}

void InternCache::Remember(Table table, std::string_view text, std::int64_t id) {
  if (bytes_ + text.size() > kMaxBytes) Clear();
  ids_[static_cast<std::size_t>(table)].emplace(std::string(text), id);
  bytes_ += text.size() + sizeof(std::string) + sizeof(id);
}

void InternCache::Clear() {
  for (Ids& ids : ids_) ids.clear();
  bytes_ = 0;
}

}  // namespace kubeproof
