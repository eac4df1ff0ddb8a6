// Waiver: an auditor's recorded compensating control for a failing check, and the waiver file
// that holds them (YAML or JSON, documented in schema/REPORT.md).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubeproof {

struct Waiver {
  std::string check;                     // check id, e.g. "4.2.4"
  std::optional<std::string> benchmark;  // e.g. "cis-1.6.0"; any benchmark when unset
  std::optional<std::string> cluster;    // exact cluster name; any cluster when unset
  std::optional<std::string> nodes;      // shell glob over node names; any node when unset
  std::string justification;
  std::string approved_by;
  std::string expires;  // YYYY-MM-DD, the last day the waiver applies
  std::string origin;   // "FILE entry N", for messages
};

// A waiver file's entries, read once and shared by every pass of a report, never copied. Never
// null: NoWaivers() when no file was given.
using WaiverList = std::shared_ptr<const std::vector<Waiver>>;
WaiverList NoWaivers();

enum class WaiverFormat { kYaml, kJson };

// Parses a waiver file's text. Unknown keys, missing fields and bad dates are errors naming the entry.
Result<std::vector<Waiver>> ParseWaivers(std::string_view text, WaiverFormat format, const std::string& origin);

// Reads and parses a file; ".json" files are JSON, anything else YAML.
Result<std::vector<Waiver>> LoadWaivers(const std::filesystem::path& path);

// "<justification> (approved by <who>, expires <date>)": how every report and stored reason words
// a waiver's acceptance of a failure.
std::string ApprovalText(const std::string& justification, const std::string& approved_by, const std::string& expires);

// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view text);

}  // namespace kubeproof
