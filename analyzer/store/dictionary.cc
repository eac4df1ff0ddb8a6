#include "analyzer/store/dictionary.h"

#include "common/sha256.h"

namespace kubeproof {
namespace {

// `insert` binds the key first, then the value when it is not the key itself.
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
constexpr DictionaryTable kContents = {InternCache::Table::kContents, "SELECT content_id FROM contents WHERE sha256 = ?",
                                       "INSERT INTO contents (sha256, content) VALUES (?,?)"};

// Cache first, then the table (another run, or this one before the cache started over, may have
// stored the text), then a new row.
Result<std::int64_t> Intern(Database* db, const DictionaryTable& table, std::string_view text,
                            const std::string_view* blob = nullptr) {
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
    insert->Bind(1, text);
    if (blob != nullptr) insert->BindBlob(2, *blob);
    if (Status s = insert->Run(); !s.ok()) return s;
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

Result<std::int64_t> InternContent(Database* db, std::string_view content) {
  return Intern(db, kContents, Sha256Hex(content), &content);
}

}  // namespace kubeproof
