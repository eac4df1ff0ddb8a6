#include "analyzer/report/overview.h"

namespace kubeproof {

std::vector<OverviewRow> OverviewRows(const std::vector<Comparison>& tables) {
  std::vector<OverviewRow> rows;
  for (const auto& table : tables) {
    for (size_t col = 0; col < table.columns.size(); ++col) {
      rows.push_back({table.columns[col].name, table.benchmark, table.totals[col]});
    }
  }
  return rows;
}

}  // namespace kubeproof
