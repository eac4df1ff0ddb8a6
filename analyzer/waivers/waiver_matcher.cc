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

// A node pattern without fnmatch's special characters matches exactly the node it spells.
bool IsLiteral(const std::string& pattern) { return pattern.find_first_of("*?[\\") == std::string::npos; }

std::string CheckAndNode(std::string_view check, std::string_view node) {
  std::string key(check);
  key += '\n';  // in neither a check id nor a node name
  key += node;
  return key;
}

const std::vector<size_t> kNoWaivers;

const std::vector<size_t>& Find(const std::unordered_map<std::string, std::vector<size_t>>& index, const std::string& key) {
  auto it = index.find(key);
  return it == index.end() ? kNoWaivers : it->second;
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
    : WaiverMatcher(std::make_shared<const std::vector<Waiver>>(std::move(waivers)), std::move(today)) {}

WaiverMatcher::WaiverMatcher(WaiverList waivers, std::string today)
    : waivers_(std::move(waivers)),
      tallies_(waivers_->size()),
      today_(std::move(today)) {
  for (size_t i = 0; i < waivers_->size(); ++i) {
    const Waiver& w = (*waivers_)[i];
    if (w.nodes && IsLiteral(*w.nodes)) {
      by_check_and_node_[CheckAndNode(w.check, *w.nodes)].push_back(i);
    } else {
      by_check_[w.check].push_back(i);
    }
  }
}

template <typename Visit>
void WaiverMatcher::ForEachInScope(const WaiverTarget& target, Visit&& visit) const {
  if (waivers_->empty()) return;
  const std::vector<size_t>& any_node = Find(by_check_, std::string(target.check_id));
  // Most files name no single node: then a finding costs one lookup, as before the node index.
  const std::vector<size_t>& this_node =
      by_check_and_node_.empty() ? kNoWaivers : Find(by_check_and_node_, CheckAndNode(target.check_id, target.node));
  // Both lists in file order, merged, so the first unexpired waiver in the file still wins.
  for (size_t a = 0, b = 0; a < any_node.size() || b < this_node.size();) {
    const bool take_a = b == this_node.size() || (a < any_node.size() && any_node[a] < this_node[b]);
    const size_t i = take_a ? any_node[a++] : this_node[b++];
    if (InScope((*waivers_)[i], target)) visit(i);
  }
}

const Waiver* WaiverMatcher::Match(const WaiverTarget& target, CheckStatus status) {
  const Waiver* chosen = nullptr;
  ForEachInScope(target, [&](size_t i) {
    if (status != CheckStatus::kFail) {
      tallies_[i].other_in_scope++;
      return;
    }
    tallies_[i].failing_in_scope++;
    const Waiver& w = (*waivers_)[i];
    if (chosen == nullptr && w.expires >= today_) {
      chosen = &w;
      tallies_[i].applied++;
    }
  });
  return chosen;
}

const Waiver* WaiverMatcher::Judge(const WaiverTarget& target, CheckStatus status) const {
  if (status != CheckStatus::kFail) return nullptr;
  const Waiver* chosen = nullptr;
  ForEachInScope(target, [&](size_t i) {
    const Waiver& w = (*waivers_)[i];
    if (chosen == nullptr && w.expires >= today_) chosen = &w;
  });
  return chosen;
}

std::vector<WaiverUse> WaiverMatcher::Uses() const {
  std::vector<WaiverUse> uses;
  uses.reserve(waivers_->size());
  for (size_t i = 0; i < waivers_->size(); ++i) {
    const Tally& t = tallies_[i];
    const Waiver& w = (*waivers_)[i];
    WaiverUse use{std::shared_ptr<const Waiver>(waivers_, &w), WaiverUse::State::kUnmatched, t.applied, t.other_in_scope, ""};
    std::string scope = "check " + w.check + (w.cluster ? " in cluster " + *w.cluster : "") +
                        (w.nodes ? " on nodes " + *w.nodes : "");
    if (w.expires < today_) {
      use.state = WaiverUse::State::kExpired;
      use.note = scope + ": expired " + w.expires + ", not applied" +
                 (t.failing_in_scope > 0 ? " (" + std::to_string(t.failing_in_scope) + " failing finding(s) in scope)" : "");
    } else if (t.applied > 0) {
      use.state = WaiverUse::State::kApplied;
      use.note = scope + ": applied to " + std::to_string(t.applied) + " finding(s), expires " + w.expires;
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
  return "waived: " + ApprovalText(waiver.justification, waiver.approved_by, waiver.expires);
}

}  // namespace kubeproof
