// Ingest of one bundle: verify, parse, derive rows, evaluate the benchmarks chosen for the node,
// then write it all in one transaction. A rejected bundle writes nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/bundle/archive_reader.h"
#include "analyzer/bundle/trust_store.h"
#include "analyzer/config/config_values.h"
#include "analyzer/evidence/node_evidence.h"
#include "analyzer/ingest/run_number.h"
#include "analyzer/rules/node_evaluation.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/store/database.h"
#include "analyzer/store/evidence_store.h"

namespace kubeproof {

struct IngestSettings {
  ArchiveLimits archive_limits;
  ConfigLimits config_limits;
  const ComponentCatalog* components = nullptr;  // flag syntax for the process_args rows
  const RuleSet* rules = nullptr;                // evaluated right away when set
  TrustPolicy trust;                             // which signatures are trusted or required
};

struct IngestOutcome {
  bool added = false;  // false: the same bundle (same SHA-256) was already stored
  std::int64_t bundle_id = 0;
  std::string node;
};

// Parses structured configs and command lines into the rows the schema keeps beside the evidence.
// Fails only on a hostile config (a parse limit hit); a config that merely does not parse becomes
// a 'parse' note.
Result<DerivedRows> DeriveRows(const NodeEvidence& evidence, const ComponentCatalog& components,
                               const ConfigLimits& limits);

// A bundle verified, parsed and evaluated, ready to store; every way a bundle can be rejected
// happens before this exists, so a database error after it is never the bundle's fault.
struct PreparedBundle {
  NodeEvidence evidence;
  DerivedRows derived;
  std::vector<NodeEvaluation> evaluations;  // one per benchmark chosen for the node
};

Result<PreparedBundle> PrepareBundle(const std::filesystem::path& bundle_path, const IngestSettings& settings);

// Stores a prepared bundle in one transaction; a bundle already stored (same SHA-256) is left alone.
// A benchmark's sections and checks are written (upserted) before its first findings, unless its
// id is in `saved_benchmarks`, which then gets it: a run storing many bundles writes them once
// (null: every benchmark's rows are written). The bundle is stamped with `run`'s number (null: a
// run of its own).
Result<IngestOutcome> StoreBundle(Database* db, const PreparedBundle& prepared, std::set<std::string>* saved_benchmarks,
                                  RunNumber* run = nullptr);

// The current time as the schema stores it (UTC, RFC 3339, seconds).
std::string NowUtc();

}  // namespace kubeproof
