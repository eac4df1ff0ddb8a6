// Text renderer: the seed table for a terminal (Unicode or ASCII, optionally coloured), and the
// per-check detail view.
#pragma once

#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/overview.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

std::string RenderText(const Comparison& comparison, const RenderOptions& options);

// The overview of several tables as a terminal table.
std::string RenderTextOverview(const Overview& overview, const RenderOptions& options);

}  // namespace kubeproof
