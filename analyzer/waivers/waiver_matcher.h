// WaiverMatcher: applies waivers to FAIL findings and keeps account of which were applied,
// which had expired and which matched nothing, so none is ever applied or ignored silently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/rules/finding.h"
#include "analyzer/waivers/waiver.h"

namespace kubeproof {

// Where a finding sits, as a waiver's scope sees it.
struct WaiverTarget {
  std::string_view benchmark;
  std::string_view check_id;
  std::string_view cluster;  // empty when the bundle has none
  std::string_view node;
};

// What became of one waiver.
struct WaiverUse {
  enum class State { kApplied, kExpired, kUnmatched };
  std::shared_ptr<const Waiver> waiver;  // within the matcher's list, which it keeps alive
  State state = State::kUnmatched;
  int applied = 0;       // FAIL findings turned WAIVED
  int matched_other = 0;  // findings in scope that were not FAIL
  std::string note;       // one line for the report
};

std::string_view WaiverStateName(WaiverUse::State state);  // "applied", "expired", "unmatched"

class WaiverMatcher {
 public:
  // `today` is YYYY-MM-DD; a waiver applies up to and including its expiry date.
  WaiverMatcher(WaiverList waivers, std::string today);
  WaiverMatcher(std::vector<Waiver> waivers, std::string today);

  // The waiver that turns this finding into WAIVED, or null, counted in Uses(). Only FAIL
  // findings are waived; the first unexpired waiver in file order wins.
  const Waiver* Match(const WaiverTarget& target, CheckStatus status);
  // The same choice, not counted: for a second pass over findings Match has already seen.
  const Waiver* Judge(const WaiverTarget& target, CheckStatus status) const;

  // Every waiver with its outcome, in file order.
  std::vector<WaiverUse> Uses() const;

 private:
  struct Tally {
    int applied = 0;
    int failing_in_scope = 0;
    int other_in_scope = 0;
  };
  // Every waiver in scope of the finding meets `visit`, in file order.
  template <typename Visit>
  void ForEachInScope(const WaiverTarget& target, Visit&& visit) const;

  WaiverList waivers_;
  std::vector<Tally> tallies_;
  // Waiver indexes in file order, so a finding meets only the waivers that can name it: those
  // naming its node literally, by check and node; the rest (a node pattern, or none) by check.
  std::unordered_map<std::string, std::vector<size_t>> by_check_;
  std::unordered_map<std::string, std::vector<size_t>> by_check_and_node_;
  std::string today_;
};

// "waived: <justification> (approved by <who>, expires <date>)": the reason a stored WAIVED finding carries.
std::string WaivedReason(const Waiver& waiver);

}  // namespace kubeproof
