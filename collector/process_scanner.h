// The process scanner: finds the Kubernetes components among <proc>/*/cmdline, guarding against
// vanished processes and pid reuse, within caps on memory and time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubeproof {

struct ProcessRecord {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;  // field 22 of <proc>/<pid>/stat
  std::optional<std::int64_t> uid;         // real uid from <proc>/<pid>/status
  std::uint32_t component = 0;             // a ComponentBit
  std::vector<std::string> argv;           // as read (maybe cut, see ScanLimits), not yet redacted
  std::size_t first_flag = 1;              // index of the first argument after the command words
  std::string cwd;                         // target of <proc>/<pid>/cwd, empty if unreadable
  bool cwd_known = false;                  // the cwd link could be read and names an absolute path
};

// Caps of one scan. Whatever they cut is a note in ProcessScan::problems, never dropped silently.
struct ScanLimits {
  std::size_t max_cmdline_bytes = 1 << 20;  // read from one cmdline; the rest is not read
  std::size_t max_args = 1024;              // arguments kept per process (real ones: < 300)
  // Memory held by all records: their argv counted with HeldCost, plus each record and its cwd.
  // Flags may fill three quarters; the last quarter keeps the command words of processes met
  // after that, so every recognised process is still listed.
  std::size_t max_held_bytes = 1 << 20;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct ProcessScan {
  std::vector<ProcessRecord> processes;                       // sorted by component name, then pid
  std::vector<std::pair<std::string, std::string>> problems;  // path, problem
  std::size_t held_bytes = 0;  // what `processes` holds, as counted against max_held_bytes
  bool time_up = false;        // the deadline stopped the scan
};

// What one kept argument of `length` bytes costs: its characters, the std::string in the vector
// and a heap block's header, so a million one-byte arguments count as ~49 MB, not 1 MB.
constexpr std::size_t HeldCost(std::size_t length) { return length + sizeof(std::string) + 16; }

// The component `argv` runs, and where its flags start: argv[0]'s basename, "hyperkube <name>",
// "k3s server|agent". Only the first two words are looked at.
struct Recognized {
  std::uint32_t component;
  std::size_t first_flag;
};
std::optional<Recognized> RecognizeComponent(const std::vector<std::string_view>& argv);

// Scans every numeric entry of `proc_dir` in pid order. Never fails: unreadable entries are
// skipped or noted, and at the deadline the scan stops with a note.
ProcessScan ScanProcesses(const std::string& proc_dir, const ScanLimits& limits);

// Walks the arguments of a raw cmdline without copying it: NUL-separated (a trailing NUL ends the
// last one). A title rewritten as one string ("/usr/bin/kubelet --config=/x", maybe NUL-padded:
// no NUL between words) is split on whitespace, as ps shows it.
class CmdlineArguments {
 public:
  explicit CmdlineArguments(std::string_view raw);
  // The next argument, a view into `raw`; nullopt after the last.
  std::optional<std::string_view> Next();
  // How many arguments Next would still yield; consumes them.
  std::size_t CountRest();

 private:
  std::string_view rest_;
  bool title_ = false;
};

// Field 22 (starttime) of a /proc/<pid>/stat line; the command name may hold spaces and ')'.
std::optional<std::int64_t> ParseStartTime(const std::string& stat_line);

}  // namespace kubeproof
