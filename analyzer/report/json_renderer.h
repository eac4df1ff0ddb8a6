// JSON renderer: the comparison and its findings as one document, format_version 1
// (schema/REPORT.md), written while the findings stream.
#pragma once

#include <memory>
#include <ostream>

#include "analyzer/report/finding_writer.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

inline constexpr int kReportJsonVersion = 1;

// Writes one table's document to `out`.
std::unique_ptr<FindingWriter> JsonWriter(std::ostream& out, const RenderOptions& options);

}  // namespace kubeproof
