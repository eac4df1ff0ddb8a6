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
    if (out->size() >= cap) {
      if (truncated != nullptr) *truncated = true;
      break;
    }
  }
  close(fd);
  return ReadOutcome::kOk;
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
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

std::optional<std::uint32_t> HyperkubeComponent(const std::string& name) {
  std::string bare = name.rfind("kube-", 0) == 0 ? name.substr(5) : name;
  if (bare == "apiserver") return kApiServer;
  if (bare == "controller-manager") return kControllerManager;
  if (bare == "scheduler") return kScheduler;
  if (bare == "proxy") return kKubeProxy;
  if (name == "kubelet") return kKubelet;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> SplitCmdline(const std::string& raw) {
  std::vector<std::string> argv;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('\0', start);
    if (end == std::string::npos) end = raw.size();
    argv.push_back(raw.substr(start, end - start));
    start = end + 1;
  }
  return argv;
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

std::optional<Recognized> RecognizeComponent(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::nullopt;
  std::vector<std::string> words = argv;
  // Some programs (k3s) rewrite their title into one space-separated argument.
  if (words.size() == 1 && words[0].find(' ') != std::string::npos) {
    std::istringstream in(words[0]);
    words.clear();
    for (std::string w; in >> w;) words.push_back(w);
    if (words.empty()) return std::nullopt;
  }
  std::string base = Basename(words[0]);
  if (std::optional<std::uint32_t> bit = ComponentBitByName(base);
      bit && *bit != kK3sServer && *bit != kK3sAgent) {
    return Recognized{*bit, 1};
  }
  if (base == "hyperkube" && words.size() > 1) {
    if (std::optional<std::uint32_t> bit = HyperkubeComponent(words[1])) {
      return Recognized{*bit, 2};
    }
  }
  if (base == "k3s" && words.size() > 1) {
    if (words[1] == "server") return Recognized{kK3sServer, 2};
    if (words[1] == "agent") return Recognized{kK3sAgent, 2};
  }
  return std::nullopt;
}

ProcessScan ScanProcesses(const std::string& proc_dir, std::size_t max_cmdline_bytes) {
  ProcessScan scan;
  DIR* dir = opendir(proc_dir.c_str());
  if (dir == nullptr) {
    scan.problems.emplace_back(proc_dir, std::string("cannot list processes: ") + std::strerror(errno));
    return scan;
  }
  std::vector<std::int64_t> pids;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit) || name.size() > 12) {
      continue;
    }
    pids.push_back(std::stoll(name));
  }
  closedir(dir);
  std::sort(pids.begin(), pids.end());

  for (std::int64_t pid : pids) {
    std::string base = proc_dir + "/" + std::to_string(pid);
    std::string stat_before;
    bool have_stat = ReadProcFile(base + "/stat", 4096, &stat_before, nullptr) == ReadOutcome::kOk;
    std::string raw;
    bool truncated = false;
    ReadOutcome cmdline = ReadProcFile(base + "/cmdline", max_cmdline_bytes, &raw, &truncated);
    if (cmdline == ReadOutcome::kGone) {
      scan.problems.emplace_back(base, "process vanished while being read");
      continue;
    }
    if (cmdline != ReadOutcome::kOk || raw.empty()) continue;  // kernel thread, zombie, hidden
    std::vector<std::string> argv = SplitCmdline(raw);
    std::optional<Recognized> recognized = RecognizeComponent(argv);
    if (!recognized) continue;
    if (truncated) scan.problems.emplace_back(base + "/cmdline", "command line cut at the cap");

    ProcessRecord record;
    record.pid = pid;
    record.component = recognized->component;
    record.first_flag = recognized->first_flag;
    record.argv = std::move(argv);
    std::string status;
    if (ReadProcFile(base + "/status", 65536, &status, nullptr) == ReadOutcome::kOk) {
      record.uid = ParseUid(status);
    }
    char cwd[4096];
    ssize_t n = readlink((base + "/cwd").c_str(), cwd, sizeof(cwd) - 1);
    if (n > 0) record.cwd.assign(cwd, static_cast<size_t>(n));
    if (have_stat) {
      record.start_time = ParseStartTime(stat_before);
      // The same start time after reading means the pid still names the same process.
      std::string stat_after;
      ReadOutcome again = ReadProcFile(base + "/stat", 4096, &stat_after, nullptr);
      if (again == ReadOutcome::kGone) {
        scan.problems.emplace_back(base, "process vanished while being read");
        continue;
      }
      if (again == ReadOutcome::kOk && ParseStartTime(stat_after) != record.start_time) {
        scan.problems.emplace_back(base, "pid reused while being read");
        continue;
      }
    }
    scan.processes.push_back(std::move(record));
  }
  std::sort(scan.processes.begin(), scan.processes.end(),
            [](const ProcessRecord& a, const ProcessRecord& b) {
              std::string_view an = ComponentName(a.component), bn = ComponentName(b.component);
              return an != bn ? an < bn : a.pid < b.pid;
            });
  return scan;
}

}  // namespace kubeproof
