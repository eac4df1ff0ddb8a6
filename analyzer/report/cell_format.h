// Cell format: one table cell, "met/verifiable ratio% symbol", as text and markdown print it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/report/render_options.h"

namespace kubeproof {

struct Cell {
  std::string before;  // "20/35 57% ", or empty
  std::string symbol;  // "○", or "—" when nothing was verifiable
  std::string after;   // "*" or " (57%)" when waivers changed the share
  std::optional<int> level;

  std::string Text() const { return before + symbol + after; }
};

Cell FormatCell(const StatusCounts& counts, const RenderOptions& options);

// Terminal columns of UTF-8 text; every code point counts as one.
size_t DisplayWidth(std::string_view text);

// Cuts `text` to `width` columns, ending with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t width, bool ascii);

}  // namespace kubeproof
