// CSV renderer: one row per finding under a header row (RFC 4180 quoting, LF line ends).
#pragma once

#include <string>

#include "analyzer/report/comparison.h"

namespace kubeproof {

std::string RenderCsv(const Comparison& comparison);

// One field, quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& value);

}  // namespace kubeproof
