#include "collector/process_scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "collector/flag_table.h"

namespace kubeproof {
namespace {

enum class ReadOutcome { kOk, kGone, kOther };

// Reads a small /proc file to EOF (st_size is 0 there), up to `cap` bytes.
ReadOutcome ReadProcFile(const std::string& path, std::size_t cap, std::string* out,
                         bool* truncated) {
  out->clear();
  if (truncated != nullptr) *truncated = false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return errno == ENOENT || errno == ESRCH ? ReadOutcome::kGone : ReadOutcome::kOther;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return ReadOutcome::kOther;
  }
  char buffer[8192];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      close(fd);
      return saved == ESRCH ? ReadOutcome::kGone : ReadOutcome::kOther;
    }
    if (n == 0) break;
    size_t take = std::min(static_cast<size_t>(n), cap - out->size());
    out->append(buffer, take);
    if (out->size() == cap) {
      // Cut only if something lies beyond the cap: a read of one more byte tells.
      char more = 0;
      if (truncated != nullptr)
        *truncated = take < static_cast<size_t>(n) || read(fd, &more, 1) > 0;
      break;
    }
  }
  close(fd);
  return ReadOutcome::kOk;
}

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::int64_t> ParseUid(const std::string& status) {
  std::istringstream in(status);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Uid:", 0) == 0) {
      std::istringstream fields(line.substr(4));
      std::int64_t uid = 0;
      if (fields >> uid) return uid;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> HyperkubeComponent(std::string_view name) {
  std::string_view bare = name.substr(0, 5) == "kube-" ? name.substr(5) : name;
  if (bare == "apiserver") return kApiServer;
  if (bare == "controller-manager") return kControllerManager;
  if (bare == "scheduler") return kScheduler;
  if (bare == "proxy") return kKubeProxy;
  if (name == "kubelet") return kKubelet;
  return std::nullopt;
}

constexpr std::string_view kSpaces = " \t\n\v\f\r";
using Clock = std::chrono::steady_clock;

// The numeric entries of `proc_dir`, sorted; *complete is false when the deadline stopped the
// listing. False when the directory cannot be listed (noted).
bool ListPids(const std::string& proc_dir, Clock::time_point deadline,
              std::vector<std::int64_t>* pids, bool* complete, ProcessScan* scan) {
  DIR* dir = opendir(proc_dir.c_str());
  if (dir == nullptr) {
    scan->problems.emplace_back(proc_dir,
                                std::string("cannot list processes: ") + std::strerror(errno));
    return false;
  }
  std::size_t entries = 0;
  while (dirent* entry = readdir(dir)) {
    if (++entries % 1024 == 0 && Clock::now() >= deadline) {
      *complete = false;
      break;
    }
    std::string_view name = entry->d_name;
    if (name.empty() || name.size() > 12 ||
        !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    pids->push_back(std::stoll(std::string(name)));
  }
  closedir(dir);
  std::sort(pids->begin(), pids->end());
  return true;
}

// Copies the arguments of `raw` into record->argv, charging `*held`: the command words whenever
// they fit under max_held_bytes, then flags while max_args and the flags' share allow. The cut is
// a prefix, so argv indexes keep their meaning, and it is noted. False when not even the command
// words fit: the process is noted instead of listed.
bool KeepArguments(std::string_view raw, const ScanLimits& limits, const std::string& path,
                   std::size_t* held, ProcessRecord* record, ProcessScan* scan) {
  const std::size_t flag_share = limits.max_held_bytes - limits.max_held_bytes / 4;
  std::size_t cost = sizeof(ProcessRecord) + record->cwd.size();
  std::size_t total = 0, kept = 0;
  bool cut_by_count = false;
  CmdlineArguments args(raw);
  while (std::optional<std::string_view> arg = args.Next()) {
    ++total;
    bool command_word = kept < record->first_flag;
    std::size_t cap = command_word ? limits.max_held_bytes : flag_share;
    if (!command_word && kept >= limits.max_args) {
      cut_by_count = true;
    } else if (*held + cost + HeldCost(arg->size()) <= cap) {
      cost += HeldCost(arg->size());
      ++kept;
      continue;
    } else if (command_word) {
      scan->problems.emplace_back(path, std::string(ComponentName(record->component)) +
                                            " not listed: command lines held reached the " +
                                            std::to_string(limits.max_held_bytes) + "-byte cap");
      return false;
    }
    total += args.CountRest();  // cut here: the rest is only counted
  }
  if (kept < total) {
    scan->problems.emplace_back(
        path + "/cmdline",
        "command line cut: kept " + std::to_string(kept) + " of " + std::to_string(total) +
            " arguments (" +
            (cut_by_count ? "at most " + std::to_string(limits.max_args) + " per process"
                          : "command lines held reached the " +
                                std::to_string(limits.max_held_bytes) + "-byte cap") +
            ")");
  }
  record->argv.reserve(kept);
  CmdlineArguments again(raw);
  for (std::size_t i = 0; i < kept; ++i) record->argv.emplace_back(*again.Next());
  *held += cost;
  return true;
}

// Reads one process; adds it to scan->processes when it is a component that fits the caps.
// `raw` is the cmdline buffer, reused so its capacity is allocated once.
void ScanProcess(const std::string& path, std::int64_t pid, const ScanLimits& limits,
                 std::string* raw, ProcessScan* scan) {
  std::string stat_before;
  bool have_stat = ReadProcFile(path + "/stat", 4096, &stat_before, nullptr) == ReadOutcome::kOk;
  bool read_cut = false;
  ReadOutcome cmdline = ReadProcFile(path + "/cmdline", limits.max_cmdline_bytes, raw, &read_cut);
  if (cmdline == ReadOutcome::kGone) {
    scan->problems.emplace_back(path, "process vanished while being read");
    return;
  }
  if (cmdline != ReadOutcome::kOk || raw->empty()) return;  // kernel thread, zombie, hidden
  CmdlineArguments args(*raw);
  std::vector<std::string_view> words;
  while (words.size() < 2) {
    std::optional<std::string_view> word = args.Next();
    if (!word) break;
    words.push_back(*word);
  }
  std::optional<Recognized> recognized = RecognizeComponent(words);
  if (!recognized) return;

  ProcessRecord record;
  record.pid = pid;
  record.component = recognized->component;
  record.first_flag = recognized->first_flag;
  std::string status;
  if (ReadProcFile(path + "/status", 65536, &status, nullptr) == ReadOutcome::kOk) {
    record.uid = ParseUid(status);
  }
  char cwd[4096];
  ssize_t n = readlink((path + "/cwd").c_str(), cwd, sizeof(cwd) - 1);
  if (n > 0) record.cwd.assign(cwd, static_cast<size_t>(n));
  // A path outside the reader's root reads "(unreachable)/x" or "/x (deleted)": not a node path.
  record.cwd_known = !record.cwd.empty() && record.cwd[0] == '/' &&
                     record.cwd.find(" (deleted)") == std::string::npos;
  if (have_stat) {
    record.start_time = ParseStartTime(stat_before);
    // The same start time after reading means the pid still names the same process.
    std::string stat_after;
    ReadOutcome again = ReadProcFile(path + "/stat", 4096, &stat_after, nullptr);
    if (again == ReadOutcome::kGone) {
      scan->problems.emplace_back(path, "process vanished while being read");
      return;
    }
    if (again == ReadOutcome::kOk && ParseStartTime(stat_after) != record.start_time) {
      scan->problems.emplace_back(path, "pid reused while being read");
      return;
    }
  }
  if (read_cut) {
    scan->problems.emplace_back(path + "/cmdline", "command line longer than the " +
                                                       std::to_string(limits.max_cmdline_bytes) +
                                                       "-byte read cap; the rest was not read");
  }
  if (KeepArguments(*raw, limits, path, &scan->held_bytes, &record, scan)) {
    scan->processes.push_back(std::move(record));
  }
}

}  // namespace

CmdlineArguments::CmdlineArguments(std::string_view raw) : rest_(raw) {
  // find_last_not_of is npos (+1 == 0) for an all-NUL cmdline.
  std::string_view text = raw.substr(0, raw.find_last_not_of('\0') + 1);
  title_ = text.find('\0') == std::string_view::npos &&
           text.find_first_of(kSpaces) != std::string_view::npos;
  if (title_) rest_ = text;
}

std::optional<std::string_view> CmdlineArguments::Next() {
  if (title_) {
    size_t start = rest_.find_first_not_of(kSpaces);
    if (start == std::string_view::npos) return std::nullopt;
    rest_.remove_prefix(start);
    std::string_view word = rest_.substr(0, rest_.find_first_of(kSpaces));
    rest_.remove_prefix(word.size());
    return word;
  }
  if (rest_.empty()) return std::nullopt;
  std::string_view arg = rest_.substr(0, rest_.find('\0'));
  rest_.remove_prefix(std::min(arg.size() + 1, rest_.size()));
  return arg;
}

std::size_t CmdlineArguments::CountRest() {
  std::size_t count = 0;
  if (title_) {
    while (Next()) ++count;
    return count;
  }
  // One argument per NUL, plus an unterminated last one; a count, not a walk, for 1 MiB of "a\0".
  count = static_cast<std::size_t>(std::count(rest_.begin(), rest_.end(), '\0'));
  if (!rest_.empty() && rest_.back() != '\0') ++count;
  rest_ = {};
  return count;
}

std::optional<std::int64_t> ParseStartTime(const std::string& stat_line) {
  size_t paren = stat_line.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream in(stat_line.substr(paren + 1));
  std::string field;
  // After "pid (comm)" come fields 3..; starttime is field 22.
  for (int i = 3; i <= 22; ++i) {
    if (!(in >> field)) return std::nullopt;
  }
  try {
    return std::stoll(field);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<Recognized> RecognizeComponent(const std::vector<std::string_view>& argv) {
  if (argv.empty()) return std::nullopt;
  std::string_view base = Basename(argv[0]);
  if (std::optional<std::uint32_t> bit = ComponentBitByName(base);
      bit && *bit != kK3sServer && *bit != kK3sAgent) {
    return Recognized{*bit, 1};
  }
  if (base == "hyperkube" && argv.size() > 1) {
    if (std::optional<std::uint32_t> bit = HyperkubeComponent(argv[1])) {
      return Recognized{*bit, 2};
    }
  }
  if (base == "k3s" && argv.size() > 1) {
    if (argv[1] == "server") return Recognized{kK3sServer, 2};
    if (argv[1] == "agent") return Recognized{kK3sAgent, 2};
  }
  return std::nullopt;
}

ProcessScan ScanProcesses(const std::string& proc_dir, const ScanLimits& limits) {
  ProcessScan scan;
  std::vector<std::int64_t> pids;
  bool listed_all = true;
  if (!ListPids(proc_dir, limits.deadline, &pids, &listed_all, &scan)) return scan;
  std::string raw;
  std::size_t read = 0;
  for (; read < pids.size() && Clock::now() < limits.deadline; ++read) {
    ScanProcess(proc_dir + "/" + std::to_string(pids[read]), pids[read], limits, &raw, &scan);
  }
  if (read < pids.size() || !listed_all) {
    scan.time_up = true;
    scan.problems.emplace_back(
        "", "time limit reached during the process scan: " + std::to_string(read) +
                " processes read, the rest of " + proc_dir + " not read");
  }
  std::sort(scan.processes.begin(), scan.processes.end(),
            [](const ProcessRecord& a, const ProcessRecord& b) {
              std::string_view an = ComponentName(a.component), bn = ComponentName(b.component);
              return an != bn ? an < bn : a.pid < b.pid;
            });
  return scan;
}

}  // namespace kubeproof
