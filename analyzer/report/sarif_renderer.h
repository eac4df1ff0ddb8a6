// SARIF renderer: SARIF 2.1.0, one rule per check and one result per finding, with the node
// file involved as the location when there is one.
#pragma once

#include <optional>
#include <string>

#include "analyzer/report/comparison.h"

namespace kubeproof {

std::string RenderSarif(const Comparison& comparison);

// The first absolute node path named in the finding's source, else in its actual value.
std::optional<std::string> FindingPath(const FindingRow& finding);

}  // namespace kubeproof
