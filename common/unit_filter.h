// systemd units, environment files and argument files by allow-list: command lines and
// command-line variables are judged flag by flag, every other value is redacted, comments go.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/redaction.h"
#include "common/safe_settings.h"

namespace kubeproof {

// Joins backslash-continued lines and drops comment and blank lines, as systemd reads units and
// environment files; each line comes back trimmed. Sets *had_comments when a comment was dropped.
std::vector<std::string> LogicalLines(std::string_view text, bool* had_comments = nullptr);

// A unit or drop-in: sections kept; Exec*= command lines filtered; Environment= assignments kept
// only for command-line variables, filtered; EnvironmentFile= and a few structural directives
// (dependencies, Type, User ...) kept; any other directive's value redacted.
std::string FilterUnitFile(std::string_view text, RedactionLog& log,
                           const SafeSettings& safe = SafeSettings::Builtin());

// An EnvironmentFile or /etc/default file: NAME=value lines, a command-line variable's value
// filtered and every other value redacted.
std::string FilterEnvironmentFile(std::string_view text, RedactionLog& log,
                                  const SafeSettings& safe = SafeSettings::Builtin());

// A file of command-line arguments (microk8s args/): each line filtered as flags.
std::string FilterArgumentsFile(std::string_view text, RedactionLog& log,
                                const SafeSettings& safe = SafeSettings::Builtin());

}  // namespace kubeproof
