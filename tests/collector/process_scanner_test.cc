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
  CHECK(RecognizeComponent({"/usr/local/bin/k3s server"})->component == kK3sServer);
  CHECK_FALSE(RecognizeComponent({"/usr/bin/containerd"}));
  CHECK_FALSE(RecognizeComponent({"k3s", "kubectl"}));
  CHECK_FALSE(RecognizeComponent({}));
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
  ProcessScan scan = ScanProcesses(proc, 1 << 20);
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
  ProcessScan scan = ScanProcesses(dir.path(), 1 << 20);
  REQUIRE(scan.processes.size() == 1);
  CHECK_FALSE(scan.processes[0].start_time);
  CHECK_FALSE(scan.processes[0].uid);
  CHECK(scan.processes[0].argv == std::vector<std::string>{"etcd", "--data-dir=/var/lib/etcd"});
}

TEST_CASE("a missing proc directory is a problem, not a crash", "[collector][process]") {
  ProcessScan scan = ScanProcesses("/nonexistent/kubeproof/proc", 1 << 20);
  CHECK(scan.processes.empty());
  CHECK(scan.problems.size() == 1);
}

}  // namespace
}  // namespace kubeproof
