// Markdown renderer: the seed table (and the detail view) as GitHub-flavoured Markdown tables.
#pragma once

#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/overview.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

std::string RenderMarkdown(const Comparison& comparison, const RenderOptions& options);

// The overview of several tables as a Markdown table.
std::string RenderMarkdownOverview(const Overview& overview, const RenderOptions& options);

// Text for a Markdown table cell: pipes and emphasis marks escaped, line breaks as <br>.
std::string MarkdownCell(const std::string& text);

}  // namespace kubeproof
