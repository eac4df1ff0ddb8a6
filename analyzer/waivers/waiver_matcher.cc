#include "analyzer/waivers/waiver_matcher.h"

#include <fnmatch.h>

namespace kubeproof {
namespace {

bool InScope(const Waiver& w, const WaiverTarget& t) {
  if (w.check != t.check_id) return false;
  if (w.benchmark && *w.benchmark != t.benchmark) return false;
  if (w.cluster && *w.cluster != t.cluster) return false;
  if (w.nodes && ::fnmatch(w.nodes->c_str(), std::string(t.node).c_str(), 0) != 0) return false;
  return true;
}

}  // namespace

std::string_view WaiverStateName(WaiverUse::State state) {
  switch (state) {
    case WaiverUse::State::kApplied: return "applied";
    case WaiverUse::State::kExpired: return "expired";
    case WaiverUse::State::kUnmatched: return "unmatched";
  }
  return "unmatched";
}

WaiverMatcher::WaiverMatcher(std::vector<Waiver> waivers, std::string today)
    : waivers_(std::move(waivers)), tallies_(waivers_.size()), today_(std::move(today)) {
  for (size_t i = 0; i < waivers_.size(); ++i) by_check_[waivers_[i].check].push_back(i);
}

const Waiver* WaiverMatcher::Match(const WaiverTarget& target, CheckStatus status) {
  auto candidates = by_check_.find(std::string(target.check_id));
  if (candidates == by_check_.end()) return nullptr;
  const Waiver* chosen = nullptr;
  for (size_t i : candidates->second) {
    const Waiver& w = waivers_[i];
    if (!InScope(w, target)) continue;
    if (status != CheckStatus::kFail) {
      tallies_[i].other_in_scope++;
      continue;
    }
    tallies_[i].failing_in_scope++;
    if (chosen == nullptr && w.expires >= today_) {
      chosen = &w;
      tallies_[i].applied++;
    }
  }
  return chosen;
}

std::vector<WaiverUse> WaiverMatcher::Uses() const {
  std::vector<WaiverUse> uses;
  for (size_t i = 0; i < waivers_.size(); ++i) {
    const Tally& t = tallies_[i];
    WaiverUse use{waivers_[i], WaiverUse::State::kUnmatched, t.applied, t.other_in_scope, ""};
    std::string scope = "check " + use.waiver.check + (use.waiver.cluster ? " in cluster " + *use.waiver.cluster : "") +
                        (use.waiver.nodes ? " on nodes " + *use.waiver.nodes : "");
    if (use.waiver.expires < today_) {
      use.state = WaiverUse::State::kExpired;
      use.note = scope + ": expired " + use.waiver.expires + ", not applied" +
                 (t.failing_in_scope > 0 ? " (" + std::to_string(t.failing_in_scope) + " failing finding(s) in scope)" : "");
    } else if (t.applied > 0) {
      use.state = WaiverUse::State::kApplied;
      use.note = scope + ": applied to " + std::to_string(t.applied) + " finding(s), expires " + use.waiver.expires;
    } else if (t.failing_in_scope > 0) {
      use.note = scope + ": every failing finding in scope was already waived by an earlier entry";
    } else {
      use.note = scope + ": matches no failing finding" +
                 (t.other_in_scope > 0 ? " (" + std::to_string(t.other_in_scope) + " finding(s) in scope, none FAIL)" : "");
    }
    uses.push_back(std::move(use));
  }
  return uses;
}

std::string WaivedReason(const Waiver& waiver) {
  return "waived: " + waiver.justification + " (approved by " + waiver.approved_by + ", expires " + waiver.expires + ")";
}

}  // namespace kubeproof
