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

constexpr std::array<std::pair<ReasonCode, std::string_view>, 12> kReasonCodes = {{
    {ReasonCode::kNone, ""},
    {ReasonCode::kComponentAbsent, "component-absent"},
    {ReasonCode::kProcessViewLimited, "process-view-limited"},
    {ReasonCode::kDeclarationUnreadable, "declaration-unreadable"},
    {ReasonCode::kConfigUnreadable, "config-unreadable"},
    {ReasonCode::kFileNotFound, "file-not-found"},
    {ReasonCode::kFileNotCollected, "file-not-collected"},
    {ReasonCode::kFileUnreadable, "file-unreadable"},
    {ReasonCode::kSettingUnset, "setting-unset"},
    {ReasonCode::kNoFacts, "no-facts"},
    {ReasonCode::kDistributionChoice, "distribution-choice"},
    {ReasonCode::kValueRedacted, "value-redacted"},
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

std::string_view ReasonCodeName(ReasonCode code) {
  for (const auto& [c, name] : kReasonCodes) {
    if (c == code) return name;
  }
  return "";
}

std::optional<ReasonCode> ParseReasonCode(std::string_view name) {
  for (const auto& [c, n] : kReasonCodes) {
    if (n == name) return c;
  }
  return std::nullopt;
}

}  // namespace kubeproof
