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

// Why a finding is UNVERIFIABLE, as a stable code an auditor can group and filter by
// (`check_results.reason_code`); kNone for every other status.
enum class ReasonCode {
  kNone,
  kComponentAbsent,        // the component is neither running nor declared on this node
  kProcessViewLimited,     // the collector could not see every process, and the component was not found
  kDeclarationUnreadable,  // not running, and its static pod manifest or systemd unit could not be read
  kConfigUnreadable,       // a config file the setting depends on is missing, unreadable or unparsable
  kFileNotFound,           // the file a file test names does not exist
  kFileNotCollected,       // the collector did not examine the file
  kFileUnreadable,         // the file exists but its stat data could not be read
  kSettingUnset,           // the setting naming the file to check is set nowhere
  kNoFacts,                // the component facts lack what the test needs
  kDistributionChoice,     // the distribution (k3s) chooses the value itself and the evidence does not show it
  kValueRedacted,          // the collector withheld the value (not on its safe list), so it is never judged
};

// "", "component-absent", "process-view-limited", ...: the spelling the database uses.
std::string_view ReasonCodeName(ReasonCode code);
std::optional<ReasonCode> ParseReasonCode(std::string_view name);

struct Finding {
  std::string check_id;
  CheckStatus status = CheckStatus::kUnverifiable;
  std::string expected;  // in words, e.g. "--anonymous-auth is false"
  std::string actual;    // the value found, or empty when none
  std::string source;    // where `actual` came from, e.g. "flag on running kubelet (pid 812)"
  std::string reason;    // why this status, mandatory for UNVERIFIABLE
  ReasonCode reason_code = ReasonCode::kNone;  // set for UNVERIFIABLE
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
