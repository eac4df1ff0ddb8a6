// The ids a connection has read or written in the shared dictionary tables (texts, absent_sets,
// contents), by their key, so ingest and evaluate look each distinct text up once per transaction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kubeproof {

class InternCache {
 public:
  enum class Table { kTexts, kAbsentSets, kContents };

  std::optional<std::int64_t> Find(Table table, std::string_view text) const;
  void Remember(Table table, std::string_view text, std::int64_t id);
  // REQUIRES: called when a transaction begins (another connection may have deleted rows since)
  // and whenever one rolls back, since the rows it inserted went with it.
  void Clear();

 private:
  // Transparent hashing: a lookup by string_view copies nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Ids = std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>>;
  std::array<Ids, 3> ids_;
  std::size_t bytes_ = 0;
};

}  // namespace kubeproof
