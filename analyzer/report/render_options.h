// RenderOptions: what the table renderers (text, markdown) let the user choose.
#pragma once

#include "analyzer/report/comparison.h"
#include "analyzer/report/rating.h"

namespace kubeproof {

struct RenderOptions {
  bool ascii = false;   // ASCII symbols and rules instead of Unicode
  bool color = false;   // ANSI colours (text only)
  bool detail = false;  // per-check detail instead of the table (text, markdown)
  Thresholds thresholds = kDefaultThresholds;
  WaivedCounting waived = WaivedCounting::kAsMet;
  bool show_unwaived = false;  // also show each share as it would be without waivers
  int width = 80;              // the text table shortens titles to fit
};

}  // namespace kubeproof
