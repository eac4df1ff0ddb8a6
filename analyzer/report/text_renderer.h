// Text renderer: the seed table for a terminal (Unicode or ASCII, optionally coloured), and the
// per-check detail view.
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
std::string RenderText(const Comparison& comparison, const RenderOptions& options);

// Writes each table to `out` as RenderText does, with the overview of several after them; with
// `options.detail`, each check's findings instead, as they stream.
std::unique_ptr<FindingWriter> TextWriter(std::ostream& out, const RenderOptions& options);

// The overview of several tables as a terminal table.
std::string RenderTextOverview(const Overview& overview, const RenderOptions& options);

}  // namespace kubeproof
