// JSON renderer: the whole comparison as one document, format_version 1 (schema/REPORT.md).
#pragma once

#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

inline constexpr int kReportJsonVersion = 1;

std::string RenderJson(const Comparison& comparison, const RenderOptions& options);

}  // namespace kubeproof
