// The HTML report's last section: what changed since the previous audit, node by node.
#pragma once

#include <ostream>

#include "analyzer/report/changes.h"

namespace kubeproof {

// Written only when the database holds a previous audit (changes.has_previous).
void WriteChangesSection(std::ostream& out, const Changes& changes);

}  // namespace kubeproof
