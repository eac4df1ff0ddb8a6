// Checks that a database is intact: a quick one on every open (our schema, every page readable)
// and the full one behind `kubeproof check` (SQLite's integrity and foreign-key checks as well).
#pragma once

#include <string>
#include <vector>

#include "analyzer/store/database.h"

namespace kubeproof {

// Compares the file's schema with what migrations up to its version create and runs SQLite's quick
// check of every page, or only of `tables` (and their indexes) when given. Damage is
// Status::Corrupt naming the file and `kubeproof check`.
Status QuickCheckDatabase(Database* db, const std::string& path, const std::vector<std::string>& tables = {});

// The tables a report reads: the findings and what they are shown with, never the evidence.
const std::vector<std::string>& ReportTables();

// Every problem found, one line each; empty when the database is intact. Fails only when the
// checks themselves cannot run.
Result<std::vector<std::string>> FullCheckDatabase(Database* db, int version);

}  // namespace kubeproof
