// The overview under a report of several benchmarks: every column of every table on one line,
// with the benchmark it was judged by, its share met, and what could not be verified or needs a
// person kept apart: the seed study's side-by-side comparison across platforms.
#pragma once

#include <string>
#include <vector>

#include "analyzer/report/comparison.h"

namespace kubeproof {

struct OverviewRow {
  std::string column;     // cluster or node
  std::string benchmark;  // the id its table was judged by
  StatusCounts totals;
};

// One row per column of each table, in table order.
std::vector<OverviewRow> OverviewRows(const std::vector<Comparison>& tables);

}  // namespace kubeproof
