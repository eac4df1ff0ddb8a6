#include "analyzer/rules/finding.h"

#include <catch2/catch.hpp>

namespace kubeproof {

TEST_CASE("every check status name parses back to the same status", "[rules]") {
  for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kManual,
                        CheckStatus::kUnverifiable, CheckStatus::kWaived}) {
    auto parsed = ParseCheckStatus(CheckStatusName(s));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == s);
  }
  CHECK_FALSE(ParseCheckStatus("pass").has_value());
}

}  // namespace kubeproof
