// Markdown renderer: the seed table (and the detail view) as GitHub-flavoured Markdown tables.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/finding_writer.h"
#include "analyzer/report/overview.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

// The seed table of one benchmark, with its notes, bundles and waivers.
std::string RenderMarkdown(const Comparison& comparison, const RenderOptions& options);

// Writes each table to `out` as RenderMarkdown does, with the overview of several after them;
// with `options.detail`, each check's findings instead, as they stream.
std::unique_ptr<FindingWriter> MarkdownWriter(std::ostream& out, const RenderOptions& options);

// The overview of several tables as a Markdown table.
std::string RenderMarkdownOverview(const Overview& overview, const RenderOptions& options);

// Text for a Markdown table cell: pipes and emphasis marks escaped, line breaks as <br>.
std::string MarkdownCell(const std::string& text);

}  // namespace kubeproof
