// A systemd service's declared command line, rebuilt from the unit, its drop-ins and its
// environment as recorded in the evidence: how a kubelet that is not running would start.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "common/status.h"

namespace kubeproof {

struct DeclaredCommand {
  std::vector<std::string> argv;
  std::vector<std::string> origins;     // per argv word: the file whose text it came from
  std::string exec_start_file;          // the file holding the ExecStart= in force
  std::vector<std::string> unit_files;  // the unit and every drop-in read, in order
  std::vector<std::string> problems;    // notes for the reader; an unreadable input is an error instead
  // WorkingDirectory=: "/" unless set (systemd's default for system services); unknown for "~".
  std::optional<std::string> working_directory = "/";
  std::string working_directory_unknown;
};

// Rebuilds `unit` (e.g. "kubelet.service") as systemd loads it: the unit file of the
// highest-precedence directory holding one (common/unit_directories.h), then drop-ins
// (<dir>/<unit>.d/*.conf of every directory, by file name, a higher-precedence directory's file
// shadowing a same-named one; a link to /dev/null masks), with ExecStart= reset semantics,
// Environment=, EnvironmentFile= (leading '-': optional), and $VAR / ${VAR} expansion.
// NotFound when no unit file exists, the unit is masked or it has no ExecStart; IoError naming the
// file when the unit, a drop-in or a drop-in directory that wins exists but was not read, or when
// an EnvironmentFile= was not read (a missing one without '-' too: systemd would not start it).
Result<DeclaredCommand> ResolveSystemdExecStart(const NodeEvidence& evidence, const std::string& unit);

// Parses environment-file text (KEY=VALUE lines, quotes, comments) into ordered pairs.
std::vector<std::pair<std::string, std::string>> ParseEnvironmentFile(const std::string& text);

}  // namespace kubeproof
