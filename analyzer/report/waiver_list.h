// The waivers a report lists: each one with its outcome, or, for a fleet's file, a count per
// outcome, as the bundle list is folded.
#pragma once

#include <cstddef>
#include <vector>

#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

// Text and Markdown list each waiver up to this many; above it, a count per outcome.
inline constexpr std::size_t kListedWaivers = 100;

struct WaiverStateCount {
  WaiverUse::State state = WaiverUse::State::kApplied;
  std::size_t waivers = 0;
  long findings = 0;  // FAIL findings the waivers of this state turned WAIVED
};

// One count per state that occurs: applied, expired, unmatched, in that order.
std::vector<WaiverStateCount> CountWaiverStates(const std::vector<WaiverUse>& uses);

}  // namespace kubeproof
