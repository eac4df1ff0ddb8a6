// The rules engine on small benchmarks of our own: loader strictness, file tests, combinators,
// admission plugins and statuses.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "analyzer/commands/command.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/evaluator.h"
#include "analyzer/rules/test.h"
#include "tests/support/evidence_builder.h"
#include "tests/support/temp_rules.h"

namespace kubeproof {
namespace {

namespace fs = std::filesystem;
using testing::Check;
using testing::EvaluateOne;
using testing::EvidenceBuilder;
using testing::FileAttributes;
using testing::TempRules;

const char* kManifestMode600 = "      file: {path: /etc/kubernetes/manifests/kube-apiserver.yaml}\n      mode_at_most: \"0600\"\n";

}  // namespace

TEST_CASE("mode 0640 fails 600-or-more-restrictive, while 0600 and 0400 pass", "[rules]") {
  auto with_mode = [](std::uint32_t mode) {
    return EvidenceBuilder().File("/etc/kubernetes/manifests/kube-apiserver.yaml", "x", {mode}).Build();
  };
  Finding f = EvaluateOne(kManifestMode600, with_mode(0640));
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.actual == "/etc/kubernetes/manifests/kube-apiserver.yaml mode 0640");
  CHECK(f.reason.find("bits 0040 outside 0600") != std::string::npos);
  CHECK(EvaluateOne(kManifestMode600, with_mode(0600)).status == CheckStatus::kPass);
  CHECK(EvaluateOne(kManifestMode600, with_mode(0400)).status == CheckStatus::kPass);
  // 0544 is numerically below 600 but has bits outside it.
  CHECK(EvaluateOne(kManifestMode600, with_mode(0544)).status == CheckStatus::kFail);
}

TEST_CASE("setuid, setgid and sticky bits count against a mode mask", "[rules]") {
  for (std::uint32_t mode : {04600U, 02600U, 01600U}) {
    auto e = EvidenceBuilder().File("/etc/kubernetes/manifests/kube-apiserver.yaml", "x", {mode}).Build();
    CHECK(EvaluateOne(kManifestMode600, e).status == CheckStatus::kFail);
  }
}

TEST_CASE("ownership by a numeric uid that only the node's passwd maps to etcd passes owner etcd", "[rules]") {
  const char* test = "      file: {path: /var/lib/etcd}\n      owner: etcd\n      group: etcd\n";
  FileAttributes node_etcd{0700, 998, 997, "etcd", "etcd"};
  auto e = EvidenceBuilder().Directory("/var/lib/etcd", node_etcd).Build();
  Finding f = EvaluateOne(test, e);
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.actual == "/var/lib/etcd owner etcd (998) group etcd (997)");
  // The same uid with no name on the node is not etcd, whatever the auditor's machine says.
  FileAttributes unmapped{0700, 998, 997, std::nullopt, std::nullopt};
  Finding g = EvaluateOne(test, EvidenceBuilder().Directory("/var/lib/etcd", unmapped).Build());
  CHECK(g.status == CheckStatus::kFail);
  CHECK(g.actual.find("998 (no name on the node)") != std::string::npos);
}

TEST_CASE("a missing file passes only where the benchmark says if it exists", "[rules]") {
  auto e = EvidenceBuilder().Absent("/etc/kubernetes/proxy.conf").Build();
  Finding strict = EvaluateOne("      file: {path: /etc/kubernetes/proxy.conf}\n      mode_at_most: \"0644\"\n", e);
  CHECK(strict.status == CheckStatus::kUnverifiable);
  CHECK(strict.reason == "file not found: /etc/kubernetes/proxy.conf");
  Finding lenient = EvaluateOne(
      "      file: {path: /etc/kubernetes/proxy.conf}\n      if_exists: true\n      mode_at_most: \"0644\"\n", e);
  CHECK(lenient.status == CheckStatus::kPass);
}

TEST_CASE("a file that could not be read is unverifiable with the reason", "[rules]") {
  auto e = EvidenceBuilder().Unreadable("/etc/kubernetes/admin.conf", "error", "Input/output error").Build();
  Finding f = EvaluateOne("      file: {path: /etc/kubernetes/admin.conf}\n      if_exists: true\n      mode_at_most: \"0600\"\n", e);
  CHECK(f.status == CheckStatus::kUnverifiable);
  CHECK(f.reason == "file unreadable: /etc/kubernetes/admin.conf: Input/output error");
}

TEST_CASE("a symlink is judged by its target's record", "[rules]") {
  auto e = EvidenceBuilder()
               .Symlink("/etc/kubernetes/admin.conf", "../../srv/admin.conf")
               .File("/srv/admin.conf", "x", {0644})
               .Build();
  Finding f = EvaluateOne("      file: {path: /etc/kubernetes/admin.conf}\n      mode_at_most: \"0600\"\n", e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.actual == "symlink /etc/kubernetes/admin.conf -> /srv/admin.conf mode 0644");
}

TEST_CASE("per-file iteration judges every matching file under a directory", "[rules]") {
  const char* test = "      files: {under: /etc/kubernetes/pki, glob: \"*.key\"}\n      each: {mode_at_most: \"0600\"}\n";
  auto good = EvidenceBuilder()
                  .StatOnly("/etc/kubernetes/pki/ca.key", {0600})
                  .StatOnly("/etc/kubernetes/pki/etcd/peer.key", {0600})
                  .StatOnly("/etc/kubernetes/pki/ca.crt", {0644})
                  .Build();
  Finding pass = EvaluateOne(test, good);
  CHECK(pass.status == CheckStatus::kPass);
  CHECK(pass.reason == "all 2 files compliant");
  auto bad = EvidenceBuilder()
                 .StatOnly("/etc/kubernetes/pki/ca.key", {0600})
                 .StatOnly("/etc/kubernetes/pki/etcd/peer.key", {0640})
                 .Build();
  Finding fail = EvaluateOne(test, bad);
  CHECK(fail.status == CheckStatus::kFail);
  CHECK(fail.reason.find("/etc/kubernetes/pki/etcd/peer.key") == 0);
  Finding none = EvaluateOne(test, EvidenceBuilder().Build());
  CHECK(none.status == CheckStatus::kUnverifiable);
}

TEST_CASE("admission plugins are on by default unless disabled", "[rules]") {
  const char* test = "      setting: enable-admission-plugins\n      plugin_enabled: ServiceAccount\n";
  auto plain = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--enable-admission-plugins=NodeRestriction"}).Build();
  Finding on = EvaluateOne(test, plain, "kube-apiserver");
  CHECK(on.status == CheckStatus::kPass);
  CHECK(on.actual == "ServiceAccount on by default, not disabled");
  CHECK(on.source.find("default plugins of Kubernetes 1.18") == 0);

  auto disabled = EvidenceBuilder()
                      .Process("kube-apiserver", {"kube-apiserver", "--disable-admission-plugins=ServiceAccount"})
                      .Build();
  Finding off = EvaluateOne(test, disabled, "kube-apiserver");
  CHECK(off.status == CheckStatus::kFail);
  CHECK(off.actual == "ServiceAccount disabled by --disable-admission-plugins");

  const char* opt_in = "      setting: enable-admission-plugins\n      plugin_enabled: NodeRestriction\n";
  CHECK(EvaluateOne(opt_in, plain, "kube-apiserver").status == CheckStatus::kPass);
  auto without = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver"}).Build();
  CHECK(EvaluateOne(opt_in, without, "kube-apiserver").status == CheckStatus::kFail);
  // The legacy --admission-control list replaces the defaults.
  auto legacy = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--admission-control=NodeRestriction"}).Build();
  CHECK(EvaluateOne(test, legacy, "kube-apiserver").status == CheckStatus::kFail);
}

TEST_CASE("differs_from compares file contents when both were collected", "[rules]") {
  const char* test = "      setting: trusted-ca-file\n      differs_from: {component: kube-apiserver, setting: client-ca-file}\n";
  auto same = EvidenceBuilder()
                  .Process("etcd", {"etcd", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"})
                  .Process("kube-apiserver", {"kube-apiserver", "--client-ca-file=/etc/kubernetes/pki/ca.crt"})
                  .File("/etc/kubernetes/pki/etcd/ca.crt", "CERT-A")
                  .File("/etc/kubernetes/pki/ca.crt", "CERT-A");
  NodeEvidence e = same.Build();
  for (auto& f : e.files) f.content_sha256 = "aaaa";
  CHECK(EvaluateOne(test, e, "etcd").status == CheckStatus::kFail);
  e.files[0].content_sha256 = "bbbb";
  Finding f = EvaluateOne(test, e, "etcd");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.reason == "the files' contents differ");
}

TEST_CASE("numeric comparisons and combinators", "[rules]") {
  const char* test =
      "      all:\n"
      "        - {setting: audit-log-maxage, at_least: 30}\n"
      "        - not: {setting: client-ca-file, set: false}\n";
  auto good = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--audit-log-maxage=30", "--client-ca-file=/ca"}).Build();
  CHECK(EvaluateOne(test, good, "kube-apiserver").status == CheckStatus::kPass);
  auto low = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--audit-log-maxage=7", "--client-ca-file=/ca"}).Build();
  CHECK(EvaluateOne(test, low, "kube-apiserver").status == CheckStatus::kFail);
}

TEST_CASE("a manual check is MANUAL without looking at the evidence", "[rules]") {
  TempRules rules("checks:\n  - {id: \"1.2.1\", section: \"1.2\", title: t, scored: false, automated: false,"
                  " component: kube-apiserver, expected: e, remediation: r}\n");
  auto b = rules.Load();
  REQUIRE(b.ok());
  Evaluation ev = Evaluate(*b, EvidenceBuilder().Build(), {});
  REQUIRE(ev.findings.size() == 1);
  CHECK(ev.findings[0].status == CheckStatus::kManual);
}

TEST_CASE("the loader rejects an unknown key naming the file, the check and the key", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: client-ca-file\n      set: true\n",
                                      "    severity: high\n"));
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("1-checks.yaml: check 1.2.1: unknown key 'severity'") != std::string::npos);
}

TEST_CASE("the loader rejects an unknown key inside a test", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: client-ca-file\n      equal: x\n"));
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("check 1.2.1: test: unknown key 'equal'") != std::string::npos);
}

TEST_CASE("the loader rejects an unknown component and an unknown section", "[rules]") {
  TempRules unknown_component("checks:\n" + Check("1.2.1", "kube-nothing", "      setting: x\n      set: true\n"));
  auto a = unknown_component.Load();
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().message().find("unknown component 'kube-nothing'") != std::string::npos);
  TempRules unknown_section("checks:\n" + Check("9.9.1", "kube-apiserver", "      setting: x\n      set: true\n"));
  auto b = unknown_section.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("section '9.9'") != std::string::npos);
}

TEST_CASE("the loader rejects an unquoted or non-octal mode", "[rules]") {
  TempRules rules("checks:\n" + Check("1.1.1", "node", "      file: {path: /x}\n      mode_at_most: \"0698\"\n"));
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("not octal") != std::string::npos);
}

TEST_CASE("a rule comparing an int setting with a duration is refused when it loads, naming file, check and value", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: audit-log-maxage\n      at_least: 5m\n"));
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message() == (rules.dir() / "test-bench/1-checks.yaml").string() +
                                    ": check 1.2.1: test: '5m' does not fit audit-log-maxage, whose type is int");
}

TEST_CASE("a rule whose operand does not fit its setting's type is refused when it loads", "[rules]") {
  TempRules bool_value("checks:\n" + Check("1.2.1", "kube-apiserver",
                                            "      setting: client-ca-file\n      at_most: \"3\"\n"));
  REQUIRE_FALSE(bool_value.Load().ok());
  CHECK(bool_value.Load().status().message().find("client-ca-file is string, which has no order") != std::string::npos);
  TempRules bad_duration("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: request-timeout\n      equals: soon\n"));
  REQUIRE_FALSE(bad_duration.Load().ok());
  CHECK(bad_duration.Load().status().message().find("'soon' does not fit request-timeout, whose type is duration") !=
        std::string::npos);
}

TEST_CASE("a rule naming a setting its component does not declare is refused when it loads", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: audit-log-maxag\n      equals: \"30\"\n"));
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message() == (rules.dir() / "test-bench/1-checks.yaml").string() +
                                    ": check 1.2.1: test: setting 'audit-log-maxag' is not a known setting of "
                                    "kube-apiserver (components/kube-apiserver.yaml)");
  TempRules other("checks:\n" + Check("2.1.1", "etcd", "      setting: trusted-ca-file\n      differs_from: "
                                                         "{component: kube-apiserver, setting: client-ca-fil}\n"));
  other.Write("test-bench/benchmark.yaml", std::string(testing::kTestBenchHeader) + "  - {id: \"2.1\", title: etcd}\n");
  REQUIRE_FALSE(other.Load().ok());
  CHECK(other.Load().status().message().find("differs_from: setting 'client-ca-fil' is not a known setting of kube-apiserver") !=
        std::string::npos);
}

TEST_CASE("evaluate and ingest refuse to run with a rule file that does not load, exit 3", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: audit-log-maxag\n      equals: \"30\"\n"));
  std::string db = (rules.dir() / "audit.db").string();
  std::vector<std::string> flags = {"--db", db, "--rules", rules.dir().string(), "--benchmark", "test-bench"};
  CHECK(RunEvaluate(flags) == kExitError);
  rules.Write("bundle.tar.gz", "not a bundle");
  flags.push_back((rules.dir() / "bundle.tar.gz").string());
  CHECK(RunIngest(flags) == kExitError);
  CHECK_FALSE(fs::exists(db));
}

TEST_CASE("a duration setting compares with a duration bound in seconds", "[rules]") {
  const char* test = "      setting: request-timeout\n      at_least: 1m\n";
  auto e = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--request-timeout=90s"}).Build();
  Finding f = EvaluateOne(test, e, "kube-apiserver");
  CHECK(f.status == CheckStatus::kPass);
  CHECK(f.reason == "--request-timeout is 90s, at least 1m");
  auto short_timeout = EvidenceBuilder().Process("kube-apiserver", {"kube-apiserver", "--request-timeout=30s"}).Build();
  CHECK(EvaluateOne(test, short_timeout, "kube-apiserver").status == CheckStatus::kFail);
}

// Runs `load` in a child process as an unprivileged user (root lists any directory) and returns
// what it reports.
std::string AsUnprivilegedUser(const std::function<std::string()>& load) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string text = "could not drop privileges";
    if (::geteuid() != 0 || (::setgid(65534) == 0 && ::setuid(65534) == 0)) {
      try {
        text = load();
      } catch (...) {
        text = "exception";
      }
    }
    (void)!::write(fds[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

TEST_CASE("a benchmark directory that cannot be listed is an error, never a benchmark with no checks", "[rules]") {
  TempRules rules("checks:\n" + Check("1.2.1", "kube-apiserver", "      setting: client-ca-file\n      set: true\n"));
  fs::path bench = rules.dir() / "test-bench";
  // Execute only: benchmark.yaml opens by name, the check files cannot be listed.
  fs::permissions(bench, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec);
  std::string said = AsUnprivilegedUser([&] {
    auto b = rules.Load();
    return b.ok() ? "loaded " + std::to_string(b->checks.size()) + " checks" : b.status().message();
  });
  fs::permissions(bench, fs::perms::owner_all);
  CHECK(said == "cannot list " + bench.string() + ": Permission denied");
}

TEST_CASE("a check file that is not a regular file is refused, not skipped", "[rules]") {
  TempRules rules("checks: []\n");
  fs::create_directory(rules.dir() / "test-bench" / "2-more.yaml");
  auto b = rules.Load();
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message() == (rules.dir() / "test-bench" / "2-more.yaml").string() + ": not a regular file");
}

TEST_CASE("installed benchmarks are listed by id", "[rules]") {
  TempRules rules("checks: []\n");
  auto ids = ListBenchmarks(rules.dir());
  REQUIRE(ids.ok());
  CHECK(*ids == std::vector<std::string>{"test-bench"});
  auto shipped = ListBenchmarks(KUBEPROOF_SOURCE_DIR "/benchmarks");
  REQUIRE(shipped.ok());
  CHECK(std::find(shipped->begin(), shipped->end(), "cis-1.6.0") != shipped->end());
}

TEST_CASE("an explicit rules directory wins over the environment and the default", "[rules]") {
  CHECK(RulesDirectory(fs::path("/opt/rules")) == fs::path("/opt/rules"));
  CHECK(RulesDirectory(std::nullopt).filename() == "benchmarks");
}

TEST_CASE("globs match file names with * and ?", "[rules]") {
  CHECK(GlobMatch("*.crt", "ca.crt"));
  CHECK_FALSE(GlobMatch("*.crt", "ca.key"));
  CHECK(GlobMatch("ca.???", "ca.key"));
  CHECK(GlobMatch("*", "anything"));
}

TEST_CASE("rule and component files nested past 64 levels are refused naming the file and the limit", "[rules]") {
  std::string deep = "checks: ";
  deep.append(100000, '[');
  deep.append(100000, ']');
  TempRules rules(deep);
  auto loaded = rules.Load();
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() == (rules.dir() / "test-bench/1-checks.yaml").string() + ": nesting deeper than 64 (limit)");
  TempRules components("checks: []\n");
  components.Write("components/etcd.yaml", deep);
  loaded = components.Load();
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() == (components.dir() / "components/etcd.yaml").string() + ": nesting deeper than 64 (limit)");
}

TEST_CASE("a rule file repeating a key in one map is refused naming the key and its line", "[rules]") {
  TempRules rules("checks:\n" + Check("1.1.1", "node", kManifestMode600, "    title: again\n"));
  auto loaded = rules.Load();
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() == (rules.dir() / "test-bench/1-checks.yaml").string() + ": key \"title\" repeated at line 10");
}

}  // namespace kubeproof
