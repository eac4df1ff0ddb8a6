// Changes renderers: what changed between audits (report --changes) as text, Markdown and JSON.
#pragma once

#include <string>

#include "analyzer/report/changes.h"

namespace kubeproof {

inline constexpr int kChangesJsonVersion = 1;

std::string RenderChangesText(const Changes& changes);
std::string RenderChangesMarkdown(const Changes& changes);
// format_version kChangesJsonVersion, documented in schema/REPORT.md.
std::string RenderChangesJson(const Changes& changes);

}  // namespace kubeproof
