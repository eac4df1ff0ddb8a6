#include "analyzer/store/sql_functions.h"

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "common/sha256.h"

namespace kubeproof {
namespace {

void Sha256HexFunction(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* bytes = static_cast<const char*>(sqlite3_value_blob(args[0]));
  const int size = sqlite3_value_bytes(args[0]);
  std::string digest = Sha256Hex(std::string_view(bytes == nullptr ? "" : bytes, static_cast<std::size_t>(size)));
  sqlite3_result_text(context, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
}

}  // namespace

int RegisterSqlFunctions(sqlite3* db) {
  return sqlite3_create_function_v2(db, "sha256_hex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    nullptr, Sha256HexFunction, nullptr, nullptr, nullptr);
}

}  // namespace kubeproof
