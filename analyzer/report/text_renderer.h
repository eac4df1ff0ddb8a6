// Text renderer: the seed table for a terminal (Unicode or ASCII, optionally coloured), and the
// per-check detail view.
#pragma once

#include <string>

#include "analyzer/report/comparison.h"
#include "analyzer/report/render_options.h"

namespace kubeproof {

std::string RenderText(const Comparison& comparison, const RenderOptions& options);

}  // namespace kubeproof
