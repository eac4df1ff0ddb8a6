// Markdown renderer: the seed table (and the detail view) as GitHub-flavoured Markdown tables.
#pragma once

#include <string>
#include <vector>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

std::string RenderMarkdown(const Comparison& comparison, const RenderOptions& options);

// The overview of several tables (report/overview.h) as a Markdown table.
std::string RenderMarkdownOverview(const std::vector<Comparison>& tables, const RenderOptions& options);

}  // namespace kubeproof
