// Collect: one run of the collector over a node root and proc directory, producing the bundle
// bytes (schema/FORMAT.md) and a summary for the operator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

struct CollectOptions {
  std::string root = "/";
  std::string proc;  // empty: <root>/proc
  std::optional<std::string> node_name;
  std::optional<std::string> cluster;
  std::size_t max_file_bytes = 1 << 20;
  std::size_t max_total_bytes = 64 << 20;
  std::int64_t time_limit_ms = 10000;
  const SigningKey* signing_key = nullptr;  // signs the bundle when set; not owned
};

struct CollectSummary {
  std::vector<std::string> components;  // one per process recognised, sorted
  std::size_t files_examined = 0;
  std::size_t files_copied = 0;
  std::size_t redactions = 0;
  std::size_t problems = 0;
  bool process_view_full = false;
};

struct CollectedBundle {
  std::string bytes;  // the .tar.gz
  CollectSummary summary;
};

// Errors: Status::IoError when the root or proc directory cannot be opened (nothing collected).
// Everything that goes wrong while collecting is recorded in the manifest instead.
Result<CollectedBundle> Collect(const CollectOptions& options);

}  // namespace kubeproof
