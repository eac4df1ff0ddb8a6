// Ingest of one bundle: verify, parse, derive rows, evaluate the default benchmark, then write it
// all in one transaction. A rejected bundle writes nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "analyzer/bundle/archive_reader.h"
#include "analyzer/config/config_values.h"
#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/store/database.h"
#include "analyzer/store/evidence_store.h"

namespace kubeproof {

struct IngestSettings {
  ArchiveLimits archive_limits;
  ConfigLimits config_limits;
  const ComponentCatalog* components = nullptr;  // flag syntax for the process_args rows
  const Benchmark* benchmark = nullptr;          // evaluated right away when set
  EvaluationOptions evaluation;
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
  std::optional<Evaluation> evaluation;
};

Result<PreparedBundle> PrepareBundle(const std::filesystem::path& bundle_path, const IngestSettings& settings);

// Whether StoreBundle writes the benchmark's sections and checks (upserted) before the findings.
// A run that stores many bundles writes them with its first and not again.
enum class BenchmarkRows { kSave, kAlreadySaved };

// Stores a prepared bundle in one transaction; a bundle already stored (same SHA-256) is left alone.
Result<IngestOutcome> StoreBundle(Database* db, const PreparedBundle& prepared, const Benchmark* benchmark,
                                  BenchmarkRows benchmark_rows = BenchmarkRows::kSave);

// The current time as the schema stores it (UTC, RFC 3339, seconds).
std::string NowUtc();

}  // namespace kubeproof
