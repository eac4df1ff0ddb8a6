// CSV renderer: one row per finding under a header row (RFC 4180 quoting, LF line ends), written
// while the findings stream.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "analyzer/report/finding_writer.h"

namespace kubeproof {

// Writes the rows of every table to `out` under one header: each row names its benchmark.
std::unique_ptr<FindingWriter> CsvWriter(std::ostream& out);

// One field, quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& value);

}  // namespace kubeproof
