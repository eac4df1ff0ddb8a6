// Waiver matching as the index sees it: waivers naming one node literally and waivers with a node
// pattern (or none) still meet each finding in file order.
#include <catch2/catch.hpp>

#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {
namespace {

Waiver On(const std::string& nodes, const std::string& justification, const std::string& expires = "2030-01-01") {
  Waiver w;
  w.check = "4.2.2";
  if (!nodes.empty()) w.nodes = nodes;
  w.justification = justification;
  w.approved_by = "security";
  w.expires = expires;
  w.origin = justification;
  return w;
}

std::string Waiving(WaiverMatcher& matcher, const std::string& node) {
  const Waiver* w = matcher.Match({"cis-1.6.0", "4.2.2", "prod", node}, CheckStatus::kFail);
  return w == nullptr ? "none" : w->justification;
}

}  // namespace

TEST_CASE("the first unexpired waiver in file order wins, whether it names the node or a pattern", "[waivers]") {
  WaiverMatcher pattern_first({On("worker-*", "pattern"), On("worker-1", "literal")}, "2026-05-01");
  CHECK(Waiving(pattern_first, "worker-1") == "pattern");
  CHECK(Waiving(pattern_first, "worker-2") == "pattern");
  auto uses = pattern_first.Uses();
  CHECK(uses[1].note == "check 4.2.2 on nodes worker-1: every failing finding in scope was already waived by an earlier entry");

  WaiverMatcher literal_first({On("worker-1", "literal"), On("", "any node"), On("worker-*", "pattern")}, "2026-05-01");
  CHECK(Waiving(literal_first, "worker-1") == "literal");
  CHECK(Waiving(literal_first, "worker-2") == "any node");
  CHECK(Waiving(literal_first, "worker-10") == "any node");
}

TEST_CASE("a waiver naming one node never waives another, and an expired one gives way to the next", "[waivers]") {
  WaiverMatcher matcher({On("worker-1", "expired", "2026-01-01"), On("worker-1", "current"), On("worker-[2]", "glob")},
                        "2026-05-01");
  CHECK(Waiving(matcher, "worker-1") == "current");
  CHECK(Waiving(matcher, "worker-2") == "glob");
  CHECK(Waiving(matcher, "worker-10") == "none");
  CHECK(Waiving(matcher, "worker-1x") == "none");
  const Waiver* passing = matcher.Match({"cis-1.6.0", "4.2.2", "prod", "worker-1"}, CheckStatus::kPass);
  CHECK(passing == nullptr);
  auto uses = matcher.Uses();
  CHECK(uses[0].state == WaiverUse::State::kExpired);
  CHECK(uses[1].applied == 1);
  CHECK(uses[2].applied == 1);
}

}  // namespace kubeproof
