// Rating: the symbol a share of met recommendations earns, with configurable thresholds and a
// plain-ASCII form.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/report/comparison.h"
#include "common/status.h"

namespace kubeproof {

// Lower bounds in percent for the three best ratings, strictly decreasing: {80, 50, 20}.
using Thresholds = std::array<int, 3>;
inline constexpr Thresholds kDefaultThresholds = {80, 50, 20};

// Parses "80,50,20".
Result<Thresholds> ParseThresholds(std::string_view text);

// 0 best ... 3 worst; nullopt when nothing was verifiable.
std::optional<int> RatingLevel(const Ratio& ratio, const Thresholds& thresholds);

// ◎ ○ △ × and — ; in ASCII ++ + ~ x and -.
std::string_view RatingSymbol(std::optional<int> level, bool ascii);

// Whole percent, rounded down so that the shown number and the symbol agree.
int FlooredPercent(const Ratio& ratio);

}  // namespace kubeproof
