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

// What the overview keeps of each table: its columns' totals, never its findings.
struct Overview {
  GroupBy group_by = GroupBy::kCluster;
  int tables = 0;
  std::vector<OverviewRow> rows;  // one per column of each table, in table order

  void Add(const Comparison& table);
  // Shown only under two tables or more.
  bool Shown() const { return tables >= 2 && !rows.empty(); }
};

}  // namespace kubeproof
