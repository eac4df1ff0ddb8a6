#include "analyzer/report/waiver_list.h"

namespace kubeproof {

std::vector<WaiverStateCount> CountWaiverStates(const std::vector<WaiverUse>& uses) {
  std::vector<WaiverStateCount> out;
  for (auto state : {WaiverUse::State::kApplied, WaiverUse::State::kExpired, WaiverUse::State::kUnmatched}) {
    WaiverStateCount count{state, 0, 0};
    for (const auto& use : uses) {
      if (use.state != state) continue;
      ++count.waivers;
      count.findings += use.applied;
    }
    if (count.waivers > 0) out.push_back(count);
  }
  return out;
}

}  // namespace kubeproof
