#include "collector/process_scanner.h"

#include <catch2/catch.hpp>

#include "collector/flag_table.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof {
namespace {

using testing::TempDir;
using testing::WriteFile;
using testing::WriteProcess;

TEST_CASE("components are recognised by basename, hyperkube and k3s subcommands", "[collector][process]") {
  CHECK(RecognizeComponent({"/usr/local/bin/kube-apiserver", "--x"})->component == kApiServer);
  CHECK(RecognizeComponent({"kubelet"})->first_flag == 1);
  auto hyper = RecognizeComponent({"/hyperkube", "controller-manager", "--x"});
  REQUIRE(hyper);
  CHECK(hyper->component == kControllerManager);
  CHECK(hyper->first_flag == 2);
  CHECK(RecognizeComponent({"/usr/local/bin/k3s", "agent"})->component == kK3sAgent);
  CHECK_FALSE(RecognizeComponent({"/usr/bin/containerd"}));
  CHECK_FALSE(RecognizeComponent({"k3s", "kubectl"}));
  CHECK_FALSE(RecognizeComponent({}));
}

// Every argument CmdlineArguments yields for `raw`, copied.
std::vector<std::string> Words(std::string_view raw) {
  std::vector<std::string> words;
  CmdlineArguments args(raw);
  while (std::optional<std::string_view> word = args.Next()) words.emplace_back(*word);
  return words;
}

using Argv = std::vector<std::string>;

TEST_CASE("cmdline arguments split on NUL, and a title rewritten as one string splits on whitespace", "[collector][process]") {
  using namespace std::string_view_literals;
  CHECK(Words("kubelet\0--v=2\0"sv) == Argv{"kubelet", "--v=2"});
  CHECK(Words("kubelet\0--v=2"sv) == Argv{"kubelet", "--v=2"});
  CHECK(Words("kubelet\0\0"sv) == Argv{"kubelet", ""});
  CHECK(Words("\0\0"sv) == Argv{"", ""});
  // A NUL between words means real arguments: one holding a space stays whole.
  CHECK(Words("/opt/my app/etcd\0--name=a b\0"sv) == Argv{"/opt/my app/etcd", "--name=a b"});
  // A rewritten title, bare or padded with NULs the way setproctitle leaves it.
  CHECK(Words("/usr/bin/kubelet --config=/x --token=v"sv) == Argv{"/usr/bin/kubelet", "--config=/x", "--token=v"});
  CHECK(Words("/usr/local/bin/k3s server\0\0\0\0"sv) == Argv{"/usr/local/bin/k3s", "server"});
  CHECK(Words("  kube-proxy\t--config=/p  \n"sv) == Argv{"kube-proxy", "--config=/p"});
}

TEST_CASE("a process title rewritten as one space-joined string is recognised and listed word by word", "[collector][process]") {
  TempDir dir;
  WriteFile(dir.path(), "40/cmdline", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --token=v");
  WriteFile(dir.path(), "41/cmdline", std::string("/usr/local/bin/k3s server --data-dir=/d") + std::string(16, '\0'));
  ProcessScan scan = ScanProcesses(dir.path(), ScanLimits{});
  REQUIRE(scan.processes.size() == 2);
  const ProcessRecord& k3s = scan.processes[0];
  CHECK(k3s.component == kK3sServer);
  CHECK(k3s.first_flag == 2);
  CHECK(k3s.argv == Argv{"/usr/local/bin/k3s", "server", "--data-dir=/d"});
  const ProcessRecord& kubelet = scan.processes[1];
  CHECK(kubelet.component == kKubelet);
  CHECK(kubelet.first_flag == 1);
  CHECK(kubelet.argv == Argv{"/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--token=v"});
  CHECK(scan.problems.empty());
}

// The problem noted for `path`, or "" when there is none.
std::string ProblemAt(const ProcessScan& scan, const std::string& path) {
  for (const auto& [where, problem] : scan.problems) {
    if (where == path) return problem;
  }
  return "";
}

// What `process` holds, counted as ScanProcesses counts it.
std::size_t HeldBy(const ProcessRecord& process) {
  std::size_t held = sizeof(ProcessRecord) + process.cwd.size();
  for (const std::string& arg : process.argv) held += HeldCost(arg.size());
  return held;
}

TEST_CASE("a process with more arguments than the per-process cap keeps the first ones and the cut is noted", "[collector][process]") {
  TempDir dir;
  Argv argv = {"kube-apiserver"};
  for (int i = 0; i < 9; ++i) argv.push_back("--flag" + std::to_string(i) + "=x");
  WriteProcess(dir.path(), 70, argv);
  ScanLimits limits;
  limits.max_args = 4;
  ProcessScan scan = ScanProcesses(dir.path(), limits);
  REQUIRE(scan.processes.size() == 1);
  CHECK(scan.processes[0].argv == Argv(argv.begin(), argv.begin() + 4));
  CHECK(ProblemAt(scan, dir.path() + "/70/cmdline") == "command line cut: kept 4 of 10 arguments (at most 4 per process)");
}

TEST_CASE("command lines held across processes stay under the byte cap and every component is still listed", "[collector][process]") {
  TempDir dir;
  const char* names[] = {"kube-apiserver", "kubelet", "etcd", "kube-scheduler"};
  for (int pid = 100; pid < 120; ++pid) {
    Argv argv = {std::string("/usr/local/bin/") + names[pid % 4]};
    for (int i = 0; i < 100; ++i) argv.push_back("--some-flag-" + std::to_string(i) + "=value");
    WriteProcess(dir.path(), pid, argv);
  }
  ScanLimits limits;
  limits.max_held_bytes = 16 << 10;
  ProcessScan scan = ScanProcesses(dir.path(), limits);
  REQUIRE(scan.processes.size() == 20);
  std::size_t held = 0, whole = 0;
  for (const ProcessRecord& process : scan.processes) {
    held += HeldBy(process);
    REQUIRE_FALSE(process.argv.empty());
    CHECK(process.argv[0] == std::string("/usr/local/bin/") + std::string(ComponentName(process.component)));
    std::string note = ProblemAt(scan, dir.path() + "/" + std::to_string(process.pid) + "/cmdline");
    if (process.argv.size() == 101) {
      ++whole;
      CHECK(note.empty());
    } else {
      CHECK(note == "command line cut: kept " + std::to_string(process.argv.size()) +
                        " of 101 arguments (command lines held reached the 16384-byte cap)");
    }
  }
  CHECK(held == scan.held_bytes);
  CHECK(held <= limits.max_held_bytes);
  CHECK(whole >= 1);
  CHECK(whole < 20);
}

TEST_CASE("a component whose command words no longer fit is noted, not dropped silently", "[collector][process]") {
  TempDir dir;
  WriteProcess(dir.path(), 200, {"kube-apiserver", "--secure-port=6443"});
  WriteProcess(dir.path(), 201, {"kubelet", "--v=2"});
  ScanLimits limits;
  limits.max_held_bytes = sizeof(ProcessRecord) + HeldCost(std::string_view("kube-apiserver").size());
  ProcessScan scan = ScanProcesses(dir.path(), limits);
  REQUIRE(scan.processes.size() == 1);
  CHECK(scan.processes[0].argv == Argv{"kube-apiserver"});
  CHECK(scan.held_bytes == limits.max_held_bytes);
  CHECK(ProblemAt(scan, dir.path() + "/200/cmdline").find("kept 1 of 2 arguments") != std::string::npos);
  CHECK(ProblemAt(scan, dir.path() + "/201") ==
        "kubelet not listed: command lines held reached the " + std::to_string(limits.max_held_bytes) + "-byte cap");
}

TEST_CASE("a cmdline longer than the read cap is cut there and the cut is noted", "[collector][process]") {
  TempDir dir;
  WriteProcess(dir.path(), 5, {"etcd", "--data-dir=/var/lib/etcd", std::string(200, 'x')});
  ScanLimits limits;
  limits.max_cmdline_bytes = 64;
  ProcessScan scan = ScanProcesses(dir.path(), limits);
  REQUIRE(scan.processes.size() == 1);
  CHECK(scan.processes[0].argv == Argv{"etcd", "--data-dir=/var/lib/etcd", std::string(64 - 30, 'x')});
  CHECK(ProblemAt(scan, dir.path() + "/5/cmdline") == "command line longer than the 64-byte read cap; the rest was not read");
}

TEST_CASE("the process scan stops at the deadline with a note", "[collector][process]") {
  TempDir dir;
  for (int pid = 1; pid <= 5; ++pid) WriteProcess(dir.path(), pid, {"kubelet"});
  ScanLimits limits;
  limits.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  ProcessScan late = ScanProcesses(dir.path(), limits);
  CHECK(late.processes.empty());
  CHECK(late.time_up);
  REQUIRE(late.problems.size() == 1);
  CHECK(late.problems[0].first.empty());  // a run-wide event
  CHECK(late.problems[0].second ==
        "time limit reached during the process scan: 0 processes read, the rest of " + dir.path() + " not read");
  limits.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  ProcessScan in_time = ScanProcesses(dir.path(), limits);
  CHECK(in_time.processes.size() == 5);
  CHECK_FALSE(in_time.time_up);
  CHECK(in_time.problems.empty());
}

TEST_CASE("start time is parsed after the last parenthesis of the command name", "[collector][process]") {
  std::string line = "42 (evil) name) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 98765 0 0\n";
  CHECK(ParseStartTime(line) == 98765);
  CHECK_FALSE(ParseStartTime("garbage"));
}

TEST_CASE("process scan records components, skips empty cmdlines and notes vanished pids", "[collector][process]") {
  TempDir dir;
  std::string proc = dir.path();
  WriteProcess(proc, 300, {"kube-scheduler", "--kubeconfig=/etc/kubernetes/scheduler.conf"}, 11, 0);
  WriteProcess(proc, 200, {"/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml"}, 12, 0);
  WriteProcess(proc, 2, {}, 1);  // kernel thread: empty cmdline
  WriteProcess(proc, 50, {"/usr/sbin/sshd", "-D"}, 5);
  // A pid whose directory is still there but whose files are gone: it exited mid-scan.
  WriteFile(proc, "77/placeholder", "");
  WriteFile(proc, "self/cmdline", "ignored");
  ProcessScan scan = ScanProcesses(proc, ScanLimits{});
  REQUIRE(scan.processes.size() == 2);
  CHECK(ComponentName(scan.processes[0].component) == "kube-scheduler");
  CHECK(scan.processes[1].pid == 200);
  CHECK(scan.processes[1].start_time == 12);
  CHECK(scan.processes[1].uid == 0);
  REQUIRE(scan.problems.size() == 1);
  CHECK(scan.problems[0].first == proc + "/77");
  CHECK(scan.problems[0].second == "process vanished while being read");
}

TEST_CASE("a process without stat or status is kept with unknown start time and uid", "[collector][process]") {
  TempDir dir;
  WriteFile(dir.path(), "9/cmdline", std::string("etcd\0--data-dir=/var/lib/etcd\0", 30));
  ProcessScan scan = ScanProcesses(dir.path(), ScanLimits{});
  REQUIRE(scan.processes.size() == 1);
  CHECK_FALSE(scan.processes[0].start_time);
  CHECK_FALSE(scan.processes[0].uid);
  CHECK(scan.processes[0].argv == std::vector<std::string>{"etcd", "--data-dir=/var/lib/etcd"});
}

TEST_CASE("a missing proc directory is a problem, not a crash", "[collector][process]") {
  ProcessScan scan = ScanProcesses("/nonexistent/kubeproof/proc", ScanLimits{});
  CHECK(scan.processes.empty());
  CHECK(scan.problems.size() == 1);
}

}  // namespace
}  // namespace kubeproof
