#include "analyzer/report/svg_chart.h"

#include <algorithm>

#include "analyzer/report/cell_format.h"
#include "analyzer/report/html_escape.h"

namespace kubeproof {
namespace {

constexpr int kLabelWidth = 180;
constexpr int kBarWidth = 280;
constexpr int kCountWidth = 40;
constexpr int kRowHeight = 20;
constexpr int kBarHeight = 14;
constexpr size_t kLabelChars = 29;

// The order segments are drawn in: the states a reader acts on first.
constexpr CheckStatus kStackOrder[] = {CheckStatus::kFail, CheckStatus::kUnverifiable,
                                       CheckStatus::kManual, CheckStatus::kWaived,
                                       CheckStatus::kPass};

std::string Px(int value) { return std::to_string(value); }

}  // namespace

std::string SectionBarChart(const Comparison& c, size_t column) {
  int widest = 1;
  for (const auto& s : c.sections) widest = std::max(widest, s.columns[column].Total());
  const int height = static_cast<int>(c.sections.size()) * kRowHeight + 4;
  const int width = kLabelWidth + kBarWidth + kCountWidth;
  // Inline SVG in HTML needs no xmlns: the file then names no http address at all.
  std::string out = "<svg width=\"" + Px(width) + "\" height=\"" + Px(height) +
                    "\" viewBox=\"0 0 " + Px(width) + " " + Px(height) +
                    "\" role=\"img\" aria-label=\"" +
                    HtmlEscape("checks per state and section, " + c.columns[column].name) + "\">\n";
  int y = 2;
  for (const auto& s : c.sections) {
    const StatusCounts& counts = s.columns[column];
    std::string label = Shorten(s.section.id + " " + s.section.title, kLabelChars, false);
    out += "<text x=\"0\" y=\"" + Px(y + 12) + "\">" + HtmlEscape(label) + "</text>";
    // Segment edges from running totals, so rounding never makes the bar longer than its count.
    int running = 0;
    for (CheckStatus status : kStackOrder) {
      int n = counts.Get(status);
      if (n == 0) continue;
      int x0 = running * kBarWidth / widest, x1 = (running + n) * kBarWidth / widest;
      running += n;
      std::string name(CheckStatusName(status));
      out += "<rect class=\"bar-" + name + "\" x=\"" + Px(kLabelWidth + x0) + "\" y=\"" +
             Px(y + 2) + "\" width=\"" + Px(std::max(1, x1 - x0)) + "\" height=\"" +
             Px(kBarHeight) + "\"><title>" + HtmlEscape(s.section.id + " " + s.section.title) +
             ": " + std::to_string(n) + " " + name + "</title></rect>";
    }
    out += "<text x=\"" + Px(kLabelWidth + kBarWidth + 6) + "\" y=\"" + Px(y + 12) + "\">" +
           std::to_string(counts.Total()) + "</text>\n";
    y += kRowHeight;
  }
  return out + "</svg>\n";
}

}  // namespace kubeproof
