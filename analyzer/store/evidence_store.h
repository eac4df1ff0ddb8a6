// Saving one bundle's evidence (and the rows derived from it at ingest) into the database, and
// loading it back for re-evaluation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/config/config_values.h"
#include "analyzer/evidence/node_evidence.h"
#include "analyzer/store/database.h"

namespace kubeproof {

// One command-line argument as the component's flag syntax reads it.
struct ArgumentRow {
  int position = 0;
  std::optional<std::string> flag;  // without dashes; empty for a positional argument
  std::optional<std::string> value;
  bool redacted = false;
};

// Rows ingest derives from the evidence before storing it.
struct DerivedRows {
  std::vector<std::vector<ArgumentRow>> arguments;               // per process, same order
  std::map<std::string, std::vector<ConfigValue>> config_values;  // node path -> values
  std::vector<CollectionNote> parse_notes;                        // configs that did not parse
};

// The bundle id stored under this archive digest, if any.
Result<std::optional<std::int64_t>> FindBundle(Database* db, const std::string& sha256);

// Inserts every row of one bundle, stamped with the ingest run storing it (bundles.ingest_run).
// REQUIRES: a transaction is open. Returns the bundle id.
Result<std::int64_t> InsertEvidence(Database* db, const NodeEvidence& evidence, const DerivedRows& derived,
                                    const std::string& ingested_at, std::int64_t ingest_run);

// 1 + the highest ingest run stored: the number of a run storing its first bundle now.
// REQUIRES: the write transaction is open, so no other run can take the same number meanwhile.
Result<std::int64_t> NextIngestRun(Database* db);

Result<NodeEvidence> LoadEvidence(Database* db, std::int64_t bundle_id);

// Up to `limit` bundle ids above `after`, in ascending order.
Result<std::vector<std::int64_t>> ListBundleIds(Database* db, std::int64_t after, std::size_t limit);

}  // namespace kubeproof
