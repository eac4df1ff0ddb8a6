// SARIF renderer: SARIF 2.1.0, one rule per check and one result per finding, with the node
// file involved as the location when there is one; written while the findings stream.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "analyzer/report/finding_writer.h"

namespace kubeproof {

// Writes one table's log to `out`.
std::unique_ptr<FindingWriter> SarifWriter(std::ostream& out);

// The first absolute node path named in the finding's source, else in its actual value.
std::optional<std::string> FindingPath(const FindingRow& finding);

}  // namespace kubeproof
