// TextTable: a finding's texts by number, so findings can wait in check order as a few numbers
// each instead of their texts.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/store/database.h"

namespace kubeproof {

class TextTable {
 public:
  // Schema 9 and later number every text in the `texts` table: the numbers are its text_id, read
  // when asked and kept while they fit the cache. Older schemas hold texts in each row, so `db` is
  // null and the numbers are given by Number as the texts are read.
  explicit TextTable(Database* db);

  std::int64_t Number(std::string&& text);
  Result<std::string> Text(std::int64_t number);

 private:
  Database* db_;
  std::vector<const std::string*> numbered_;  // without a database: text i + 1, a key of numbers_
  std::unordered_map<std::string, std::int64_t> numbers_;
  std::unordered_map<std::int64_t, std::string> cache_;  // with a database: texts read
  std::size_t cached_bytes_ = 0;
};

}  // namespace kubeproof
