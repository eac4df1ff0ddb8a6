// The HTML report's detail of one check: what is expected, how to remedy it, and per node the
// actual value, its source and the reason; at fleet size, the nodes folded into groups.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/report_data.h"

namespace kubeproof {

// The filter token of each cluster ("c0", "c1", ...), in the order the filter lists them.
using ClusterTokens = std::map<std::string, std::string>;

// Above this many findings of one check, nodes with the same outcome fold into one row.
inline constexpr size_t kFoldAboveNodes = 100;
// A folded row lists at most this many nodes by name, then how many more.
inline constexpr size_t kListedNodesPerGroup = 1000;
// Longer lists of names start closed.
inline constexpr size_t kOpenNodeList = 20;

// "<span class=\"status FAIL\">FAIL</span>": a status as every table of the report shows it.
std::string StatusBadge(CheckStatus status);

// `rows` are the check's findings in node order, after waivers and the status filter.
void WriteCheckDetail(std::ostream& out, const std::string& benchmark, const CheckInfo& check,
                      const std::vector<FindingRow>& rows, const ClusterTokens& clusters);

}  // namespace kubeproof
