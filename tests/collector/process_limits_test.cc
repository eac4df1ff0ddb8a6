// The process scan inside a whole collection: its time limit, rewritten titles, and the memory
// the collector binary needs for a /proc full of huge command lines.
#include <fcntl.h>
#include <malloc.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>

#include <catch2/catch.hpp>

#include "collector/collector.h"
#include "collector/process_scanner.h"
#include "tests/collector/collector_test_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define KUBEPROOF_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KUBEPROOF_TEST_ASAN 1
#endif
#endif

namespace kubeproof {
namespace {

using testing::CollectorBinary;
using testing::FileRecord;
using testing::Processes;
using testing::ReadWholeFile;
using testing::TempDir;
using testing::UnpackBundle;
using testing::WriteFile;
using testing::WriteProcess;

nlohmann::json Manifest(const std::map<std::string, std::string>& members) {
  return nlohmann::json::parse(members.at("manifest.json"));
}

// The manifest problem at `path` whose text starts with `prefix`, or null.
nlohmann::json ProblemStarting(const nlohmann::json& manifest, const std::string& path,
                               const std::string& prefix) {
  for (const nlohmann::json& p : manifest["problems"]) {
    if (p["path"] == path && p["problem"].get<std::string>().rfind(prefix, 0) == 0) return p;
  }
  return nullptr;
}

TEST_CASE("the time limit stops a scan of a huge /proc and the bundle is still written", "[collector][process][collect]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/hostname", "crowded\n");
  constexpr int kProcesses = 3000;
  for (int pid = 1; pid <= kProcesses; ++pid) WriteProcess(dir.path() + "/proc", pid, {"kubelet", "--v=2"});
  CollectOptions options;
  options.root = dir.path();
  options.time_limit_ms = 1;  // far less than reading 3000 processes takes
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json manifest = Manifest(members);
  nlohmann::json note = ProblemStarting(manifest, "", "time limit reached during the process scan: ");
  REQUIRE_FALSE(note.is_null());
  CHECK(note["problem"].get<std::string>().find("the rest of " + dir.path() + "/proc not read") != std::string::npos);
  CHECK(Processes(members).size() < kProcesses);
  CHECK(bundle->summary.components.size() == Processes(members).size());
}

TEST_CASE("a kubelet whose title is one space-joined string is listed word by word and its config examined", "[collector][process][collect]") {
  TempDir dir;
  WriteFile(dir.path(), "etc/hostname", "titled\n");
  WriteFile(dir.path(), "var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n");
  WriteFile(dir.path(), "proc/300/cmdline", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --v=2");
  CollectOptions options;
  options.root = dir.path();
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  auto members = UnpackBundle(bundle->bytes);
  nlohmann::json processes = Processes(members);
  REQUIRE(processes.size() == 1);
  CHECK(processes[0]["component"] == "kubelet");
  REQUIRE(processes[0]["argv"].size() == 3);
  CHECK(processes[0]["argv"][0] == "/usr/bin/kubelet");
  nlohmann::json config = FileRecord(members, "/var/lib/kubelet/config.yaml");
  REQUIRE_FALSE(config.is_null());
  CHECK(config["why"][0] == "kubelet --config");
}

// How the collector binary ran and how much memory it needed.
struct MeasuredRun {
  int exit_code = -1;
  long peak_rss_kib = 0;
  bool exact = false;  // VmHWM of the collector's own image, not wait4's upper bound
};

// VmHWM (peak RSS) of `pid` from /proc, or 0.
long VmHwmKib(pid_t pid) {
  std::string status = ReadWholeFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("VmHWM:");
  return at == std::string::npos ? 0 : std::atol(status.c_str() + at + 6);
}

// Runs the collector binary with `args`, output discarded. wait4's ru_maxrss also counts the pages
// a forked child shares with this process until it execs, so the child is traced and VmHWM of its
// own image is read when it stops at exit; where ptrace is refused, ru_maxrss is the figure (an
// upper bound, kept tight by returning freed heap first).
MeasuredRun RunCollectorMeasured(const std::vector<std::string>& args) {
  std::string binary = CollectorBinary();
  std::vector<std::string> strings = args;
  std::vector<char*> argv = {binary.data()};
  for (std::string& a : strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
#ifdef KUBEPROOF_TEST_ASAN
  // LeakSanitizer cannot run under ptrace; later ASAN_OPTIONS entries win.
  const char* asan = std::getenv("ASAN_OPTIONS");
  env_strings.push_back(std::string("ASAN_OPTIONS=") + (asan != nullptr ? asan : "") + ":detect_leaks=0");
#endif
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  malloc_trim(0);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);  // if refused, the collector runs untraced
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  MeasuredRun run;
  if (pid < 0) return run;
  int status = 0;
  struct rusage usage {};
  bool options_set = false;
  while (true) {
    if (wait4(pid, &status, 0, &usage) != pid) return run;
    if (!WIFSTOPPED(status)) break;
    int signal = WSTOPSIG(status);
    if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
      run.peak_rss_kib = VmHwmKib(pid);
      run.exact = run.peak_rss_kib > 0;
      signal = 0;
    } else if (signal == SIGTRAP && !options_set) {  // the stop after execve
      ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(static_cast<std::intptr_t>(PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)));
      options_set = true;
      signal = 0;
    }
    ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<std::intptr_t>(signal)));
  }
  if (!run.exact) run.peak_rss_kib = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Checks a run's peak RSS against `bound_kib`, saying which figure it is.
void CheckPeakRss(const MeasuredRun& run, long bound_kib) {
  if (!run.exact) WARN("ptrace refused: checking wait4's ru_maxrss, which includes pages of the test process");
  INFO("collector peak RSS " << run.peak_rss_kib << " KiB" << (run.exact ? " (VmHWM)" : " (ru_maxrss)"));
  CHECK(run.peak_rss_kib > 0);
  CHECK(run.peak_rss_kib <= bound_kib);
}

// Sanitizer builds keep shadow memory and a quarantine of freed blocks (measured: ~94 MiB for the
// flood, ~35 MiB for the ordinary node), so their bounds are scaled; the bounded count of
// arguments held is checked from the bundle in every build.
#ifdef KUBEPROOF_TEST_ASAN
constexpr long kFloodRssKib = 160 * 1024;
constexpr long kOrdinaryRssKib = 48 * 1024;
#else
constexpr long kFloodRssKib = 64 * 1024;
constexpr long kOrdinaryRssKib = 10 * 1024;
#endif

TEST_CASE("200 components with 1 MiB command lines of tiny arguments keep the collector under 64 MiB", "[collector][process][cli]") {
  TempDir dir;
  WriteFile(dir.path(), "root/etc/hostname", "flooded\n");
  // 1 MiB per cmdline: the command word, then "a" arguments (the worst case for per-argument cost).
  std::string filler;
  while (filler.size() < (1 << 20)) filler += std::string("a\0", 2);
  const char* names[] = {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy", "etcd"};
  constexpr int kProcesses = 200;
  for (int i = 0; i < kProcesses; ++i) {
    std::string command = std::string("/usr/local/bin/") + names[i % 6] + std::string(1, '\0');
    WriteProcess(dir.path() + "/proc", 1000 + i, {});
    WriteFile(dir.path() + "/proc", std::to_string(1000 + i) + "/cmdline", (command + filler).substr(0, 1 << 20));
  }
  std::string out = dir.path() + "/bundle.tar.gz";
  MeasuredRun run = RunCollectorMeasured(
      {"--root", dir.path() + "/root", "--proc", dir.path() + "/proc", "-o", out, "--time-limit", "600s"});
  REQUIRE(run.exit_code == 0);
  CheckPeakRss(run, kFloodRssKib);

  auto members = UnpackBundle(ReadWholeFile(out));
  nlohmann::json processes = Processes(members);
  nlohmann::json manifest = Manifest(members);
  // Every process is still recognised, and each cut is in the manifest.
  REQUIRE(processes.size() == kProcesses);
  std::size_t args_held = 0;
  for (const nlohmann::json& p : processes) {
    args_held += p["argv"].size();
    std::string cmdline = dir.path() + "/proc/" + std::to_string(p["pid"].get<int>()) + "/cmdline";
    CHECK_FALSE(ProblemStarting(manifest, cmdline, "command line cut: kept " + std::to_string(p["argv"].size()) +
                                                       " of ").is_null());
  }
  // Each argument held costs at least HeldCost(0), so the count bounds what the scan held.
  CHECK(args_held * HeldCost(0) + kProcesses * sizeof(ProcessRecord) <= ScanLimits{}.max_held_bytes);
}

TEST_CASE("an ordinary control-plane node stays under 10 MiB", "[collector][process][cli]") {
  TempDir dir;
  std::string sample = std::string(KUBEPROOF_SOURCE_DIR) + "/samples/nodes/self-managed/cp-1";
  MeasuredRun run = RunCollectorMeasured({"--root", sample, "-o", dir.path() + "/bundle.tar.gz"});
  REQUIRE(run.exit_code == 0);
  CheckPeakRss(run, kOrdinaryRssKib);
  auto members = UnpackBundle(ReadWholeFile(dir.path() + "/bundle.tar.gz"));
  CHECK(Processes(members).size() >= 3);
  nlohmann::json manifest = Manifest(members);
  for (const nlohmann::json& p : manifest["problems"]) {
    CHECK(p["problem"].get<std::string>().rfind("command line", 0) == std::string::npos);
  }
}

}  // namespace
}  // namespace kubeproof
