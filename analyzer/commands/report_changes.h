// kubeproof report --changes: what changed between audits, per node, as text, Markdown or JSON.
#pragma once

#include <optional>
#include <string>

#include "analyzer/commands/arguments.h"
#include "analyzer/report/report_data.h"
#include "analyzer/report/report_format.h"

namespace kubeproof {

// Runs `report --changes` (or `--since`) on the report's parsed flags; `scope` holds its --node and
// --cluster. Returns the exit code.
int RunReportChanges(const Arguments& args, ReportFormat format,
                     const std::optional<std::string>& output, const ReportFilter& scope);

}  // namespace kubeproof
