// Finding: the verdict of one check on one node, as the rules engine produces it and the store
// keeps it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

enum class CheckStatus { kPass, kFail, kManual, kUnverifiable, kWaived };

// "PASS", "FAIL", "MANUAL", "UNVERIFIABLE", "WAIVED": the spelling the database and reports use.
std::string_view CheckStatusName(CheckStatus status);
std::optional<CheckStatus> ParseCheckStatus(std::string_view name);

struct Finding {
  std::string check_id;
  CheckStatus status = CheckStatus::kUnverifiable;
  std::string expected;  // in words, e.g. "--anonymous-auth is false"
  std::string actual;    // the value found, or empty when none
  std::string source;    // where `actual` came from, e.g. "flag on running kubelet (pid 812)"
  std::string reason;    // why this status, mandatory for UNVERIFIABLE
};

// One resolved setting of one component on one node, with where its value came from.
struct EffectiveSetting {
  std::string component;
  std::string name;    // flag name without dashes, e.g. "anonymous-auth"
  std::string value;
  std::string source;  // e.g. "config file /var/lib/kubelet/config.yaml key authentication.anonymous.enabled"
};

struct Evaluation {
  std::vector<Finding> findings;
  std::vector<EffectiveSetting> settings;
};

}  // namespace kubeproof
