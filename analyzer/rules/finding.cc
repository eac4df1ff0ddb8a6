#include "analyzer/rules/finding.h"

#include <array>
#include <utility>

namespace kubeproof {
namespace {

constexpr std::array<std::pair<CheckStatus, std::string_view>, 5> kNames = {{
    {CheckStatus::kPass, "PASS"},
    {CheckStatus::kFail, "FAIL"},
    {CheckStatus::kManual, "MANUAL"},
    {CheckStatus::kUnverifiable, "UNVERIFIABLE"},
    {CheckStatus::kWaived, "WAIVED"},
}};

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  for (const auto& [s, name] : kNames) {
    if (s == status) return name;
  }
  return "UNVERIFIABLE";
}

std::optional<CheckStatus> ParseCheckStatus(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

}  // namespace kubeproof
