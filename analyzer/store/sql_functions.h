// SQL functions kubeproof's own connections define: what a migration needs that SQLite lacks.
#pragma once

struct sqlite3;

namespace kubeproof {

// sha256_hex(x): the SHA-256 of x's bytes as 64 lowercase hex digits; NULL for NULL. Returns an
// SQLite result code.
int RegisterSqlFunctions(sqlite3* db);

}  // namespace kubeproof
