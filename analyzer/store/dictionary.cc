#include "analyzer/store/dictionary.h"

namespace kubeproof {
namespace {

struct DictionaryTable {
  InternCache::Table cache;
  const char* select;
  const char* insert;
};

constexpr DictionaryTable kTexts = {InternCache::Table::kTexts, "SELECT text_id FROM texts WHERE text = ?",
                                    "INSERT INTO texts (text) VALUES (?)"};
constexpr DictionaryTable kAbsentSets = {InternCache::Table::kAbsentSets,
                                         "SELECT absent_set_id FROM absent_sets WHERE listing = ?",
                                         "INSERT INTO absent_sets (listing) VALUES (?)"};

// Cache first, then the table (another run, or this one before the cache started over, may have
// stored the text), then a new row.
Result<std::int64_t> Intern(Database* db, const DictionaryTable& table, std::string_view text) {
  if (auto cached = db->interned().Find(table.cache, text)) return *cached;
  auto select = db->Prepare(table.select);
  if (!select.ok()) return select.status();
  std::int64_t id = 0;
  if (select->Bind(1, text).Step()) {
    id = select->Int(0);
  } else {
    if (!select->status().ok()) return select->status();
    auto insert = db->Prepare(table.insert);
    if (!insert.ok()) return insert.status();
    if (Status s = insert->Bind(1, text).Run(); !s.ok()) return s;
    id = db->LastInsertId();
  }
  db->interned().Remember(table.cache, text, id);
  return id;
}

}  // namespace

Result<std::int64_t> InternText(Database* db, std::string_view text) { return Intern(db, kTexts, text); }

Result<std::int64_t> InternAbsentSet(Database* db, std::string_view listing) {
  return Intern(db, kAbsentSets, listing);
}

}  // namespace kubeproof
