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
  std::vector<std::string> problems;    // e.g. a required EnvironmentFile that is unreadable
  // WorkingDirectory=: "/" unless set (systemd's default for system services); unknown for "~".
  std::optional<std::string> working_directory = "/";
  std::string working_directory_unknown;
};

// Unit directories, highest priority first.
const std::vector<std::string>& SystemdUnitDirectories();

// Rebuilds `unit` (e.g. "kubelet.service"): the first unit file found, then its drop-ins
// (<dir>/<unit>.d/*.conf, lexical by file name, a higher-priority directory's file shadowing a
// same-named one), with ExecStart= reset semantics, Environment=, EnvironmentFile= (leading '-':
// optional), and $VAR / ${VAR} expansion. NotFound when no unit file was collected or it has no
// ExecStart.
Result<DeclaredCommand> ResolveSystemdExecStart(const NodeEvidence& evidence, const std::string& unit);

// Parses environment-file text (KEY=VALUE lines, quotes, comments) into ordered pairs.
std::vector<std::pair<std::string, std::string>> ParseEnvironmentFile(const std::string& text);

}  // namespace kubeproof
