// The shared dictionary tables (schema version 9): each distinct text of a check result or setting
// is one row of `texts`, each distinct listing of a bundle's absent lookups one row of
// `absent_sets`, each distinct copied content one row of `contents`.
#pragma once

#include <cstdint>
#include <string_view>

#include "analyzer/store/database.h"
#include "common/status.h"

namespace kubeproof {

// The id of `text` in `texts`, inserted when new. REQUIRES: a write transaction is open.
Result<std::int64_t> InternText(Database* db, std::string_view text);

// The id of `listing` in `absent_sets`, inserted when new. REQUIRES: a write transaction is open.
Result<std::int64_t> InternAbsentSet(Database* db, std::string_view listing);

// The id of `content` in `contents`, by its SHA-256, inserted when new. REQUIRES: a write
// transaction is open.
Result<std::int64_t> InternContent(Database* db, std::string_view content);

}  // namespace kubeproof
