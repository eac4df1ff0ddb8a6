// The HTML report's summary of one benchmark: a banner, the seed study's table, a chart per column.
#pragma once

#include <ostream>
#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/overview.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

// What the first pass over a benchmark's findings learns: its table, counts only.
struct BenchmarkSummary {
  Comparison table;
  std::string kubernetes_range;
  int nodes = 0;
  int failing_nodes = 0;  // nodes with at least one FAIL after waivers
};

// "cis-1.12.0" as an id fragment an anchor can use.
std::string BenchmarkAnchor(const std::string& benchmark);

void WriteBenchmarkSummary(std::ostream& out, const BenchmarkSummary& summary,
                           const RenderOptions& options);

// Every column of every table on one line: shown under two tables or more.
void WriteOverview(std::ostream& out, const Overview& overview, const RenderOptions& options);

}  // namespace kubeproof
