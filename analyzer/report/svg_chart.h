// The summary's chart: one column's checks per state, section by section, as inline SVG bars.
#pragma once

#include <string>

#include "analyzer/report/comparison.h"

namespace kubeproof {

// Horizontal stacked bars, one per section, scaled to the largest section; every segment names
// its section, state and count in a <title>, so the chart reads without colour.
std::string SectionBarChart(const Comparison& comparison, size_t column);

}  // namespace kubeproof
