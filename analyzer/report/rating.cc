#include "analyzer/report/rating.h"

#include <charconv>

namespace kubeproof {

Result<Thresholds> ParseThresholds(std::string_view text) {
  Thresholds out{};
  size_t count = 0;
  std::string_view rest = text;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    int value = -1;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size() || value < 0 || value > 100 || count == out.size()) {
      return Status::InvalidArgument("--thresholds wants three whole percents, best first, e.g. 80,50,20; not " + std::string(text));
    }
    out[count++] = value;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (count != out.size() || !(out[0] > out[1] && out[1] > out[2])) {
    return Status::InvalidArgument("--thresholds wants three strictly decreasing percents, e.g. 80,50,20; not " + std::string(text));
  }
  return out;
}

std::optional<int> RatingLevel(const Ratio& ratio, const Thresholds& thresholds) {
  if (ratio.verifiable == 0) return std::nullopt;
  for (int level = 0; level < 3; ++level) {
    if (ratio.met * 100 >= thresholds[static_cast<size_t>(level)] * ratio.verifiable) return level;
  }
  return 3;
}

std::string_view RatingSymbol(std::optional<int> level, bool ascii) {
  static constexpr std::array<std::string_view, 4> kUnicode = {"◎", "○", "△", "×"};
  static constexpr std::array<std::string_view, 4> kAscii = {"++", "+", "~", "x"};
  if (!level) return ascii ? "-" : "—";
  return (ascii ? kAscii : kUnicode)[static_cast<size_t>(*level)];
}

int FlooredPercent(const Ratio& ratio) { return ratio.verifiable == 0 ? 0 : ratio.met * 100 / ratio.verifiable; }

}  // namespace kubeproof
