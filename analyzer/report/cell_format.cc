#include "analyzer/report/cell_format.h"

namespace kubeproof {

Cell FormatCell(const StatusCounts& counts, const RenderOptions& options) {
  Cell cell;
  Ratio ratio = RatioOf(counts, options.waived);
  cell.level = RatingLevel(ratio, options.thresholds);
  cell.symbol = std::string(RatingSymbol(cell.level, options.ascii));
  if (!cell.level) return cell;
  cell.before = std::to_string(ratio.met) + "/" + std::to_string(ratio.verifiable) + " " +
                std::to_string(FlooredPercent(ratio)) + "% ";
  if (counts.Get(CheckStatus::kWaived) > 0) {
    if (options.show_unwaived) {
      WaivedCounting other = options.waived == WaivedCounting::kAsMet ? WaivedCounting::kAsFailed : WaivedCounting::kAsMet;
      cell.after = " (" + std::to_string(FlooredPercent(RatioOf(counts, other))) + "%)";
    } else if (options.waived == WaivedCounting::kAsMet) {
      cell.after = "*";
    }
  }
  return cell;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string Shorten(const std::string& text, size_t width, bool ascii) {
  if (DisplayWidth(text) <= width) return text;
  std::string_view ellipsis = ascii ? "..." : "…";
  size_t keep = width > DisplayWidth(ellipsis) ? width - DisplayWidth(ellipsis) : 0;
  std::string out;
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool starts = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts && columns++ == keep) break;
    out += text[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(ellipsis);
}

}  // namespace kubeproof
