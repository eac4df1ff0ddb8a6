#include "analyzer/report/overview.h"

namespace kubeproof {

void Overview::Add(const Comparison& table) {
  group_by = table.group_by;
  ++tables;
  for (size_t col = 0; col < table.columns.size(); ++col) {
    rows.push_back({table.columns[col].name, table.benchmark, table.totals[col]});
  }
}

}  // namespace kubeproof
