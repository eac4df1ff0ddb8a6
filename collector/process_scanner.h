// The process scanner: finds the Kubernetes components among <proc>/*/cmdline, guarding against
// vanished processes and pid reuse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kubeproof {

struct ProcessRecord {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;  // field 22 of <proc>/<pid>/stat
  std::optional<std::int64_t> uid;         // real uid from <proc>/<pid>/status
  std::uint32_t component = 0;             // a ComponentBit
  std::vector<std::string> argv;           // as read, not yet redacted
  std::size_t first_flag = 1;              // index of the first argument after the command words
  std::string cwd;                         // target of <proc>/<pid>/cwd, empty if unreadable
};

struct ProcessScan {
  std::vector<ProcessRecord> processes;  // sorted by component name, then pid
  std::vector<std::pair<std::string, std::string>> problems;  // path, problem
};

// The component `argv` runs, and where its flags start: argv[0]'s basename, "hyperkube <name>",
// "k3s server|agent".
struct Recognized {
  std::uint32_t component;
  std::size_t first_flag;
};
std::optional<Recognized> RecognizeComponent(const std::vector<std::string>& argv);

// Scans every numeric entry of `proc_dir`. Never fails: unreadable entries are skipped or noted.
ProcessScan ScanProcesses(const std::string& proc_dir, std::size_t max_cmdline_bytes);

// Splits a NUL-separated cmdline into arguments (a trailing NUL ends the last one).
std::vector<std::string> SplitCmdline(const std::string& raw);

// Field 22 (starttime) of a /proc/<pid>/stat line; the command name may hold spaces and ')'.
std::optional<std::int64_t> ParseStartTime(const std::string& stat_line);

}  // namespace kubeproof
