// Which benchmark(s) a node is evaluated against: by default, among the benchmarks written for the
// node's platform (else the generic ones), the one whose Kubernetes range holds the node's
// version, else the nearest; or what `--benchmark` asks for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/evidence/node_version.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/node_platform.h"
#include "common/status.h"

namespace kubeproof {

// `--benchmark`: absent or "auto" chooses per node; "all"; or a comma-separated list of ids.
struct BenchmarkRequest {
  enum class Kind { kAuto, kAll, kListed };
  Kind kind = Kind::kAuto;
  std::vector<std::string> ids;  // kListed, in the order given, without repeats
};

Result<BenchmarkRequest> ParseBenchmarkRequest(const std::optional<std::string>& text);

// How a benchmark came to be evaluated on a node; the names are what the database stores.
enum class ChoiceBasis {
  kRequested,  // named by --benchmark, or --benchmark all
  kInRange,    // the node's version is in the benchmark's range
  kNearest,    // outside every range: the nearest benchmark, ties to the newer
  kNoVersion,  // the evidence shows no version: the newest benchmark
};
std::string_view ChoiceBasisName(ChoiceBasis basis);

struct BenchmarkChoice {
  const Benchmark* benchmark = nullptr;
  ChoiceBasis basis = ChoiceBasis::kRequested;
  std::optional<NodeVersion> version;  // the node's version the choice rests on
  NodePlatform platform;               // the node's platform the choice rests on
  // Empty when the benchmark is written for the node's platform and version; otherwise says what
  // does not fit: a version outside the range or unknown, a benchmark of another platform.
  std::string note;
};

// The benchmarks to evaluate on a node of `version` (nullopt: the evidence shows none) and
// `platform`, from `installed` (each with its range), as `request` asks. Automatically, a node of a
// platform with benchmarks of its own gets one of those; any other node a generic one.
std::vector<BenchmarkChoice> ChooseBenchmarks(const std::vector<Benchmark>& installed,
                                              const BenchmarkRequest& request,
                                              const std::optional<NodeVersion>& version,
                                              const NodePlatform& platform);

}  // namespace kubeproof
