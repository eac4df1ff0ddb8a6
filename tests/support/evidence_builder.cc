#include "tests/support/evidence_builder.h"

#include <stdexcept>

#include <algorithm>
#include <utility>

namespace kubeproof::testing {
namespace {

FileEvidence StatRecord(const std::string& path, const FileAttributes& a, const std::string& type) {
  FileEvidence f;
  f.path = path;
  f.status = "ok";
  f.type = type;
  f.mode = a.mode;
  f.uid = a.uid;
  f.gid = a.gid;
  f.owner = a.owner;
  f.group = a.group;
  f.mtime = "2026-01-01T00:00:00Z";
  f.why = {"test"};
  return f;
}

}  // namespace

EvidenceBuilder::EvidenceBuilder() {
  evidence_.bundle.format_version = 1;
  evidence_.bundle.collector_name = "kubeproof-collect";
  evidence_.bundle.collector_version = "0.1.0";
  evidence_.bundle.node = "node-1";
  evidence_.bundle.started_at = "2026-01-01T00:00:00Z";
  evidence_.bundle.finished_at = "2026-01-01T00:00:00Z";
  evidence_.bundle.process_view = "full";
  evidence_.bundle.options_json = "{}";
}

EvidenceBuilder& EvidenceBuilder::Process(const std::string& component, std::vector<std::string> argv,
                                          std::optional<std::int64_t> pid) {
  ProcessEvidence p;
  p.pid = pid ? *pid : next_pid_++;
  p.start_time = 1000;
  p.uid = 0;
  p.component = component;
  p.argv = std::move(argv);
  evidence_.processes.push_back(std::move(p));
  return *this;
}

EvidenceBuilder& EvidenceBuilder::Cwd(std::optional<std::string> cwd) {
  ProcessEvidence& p = evidence_.processes.back();
  p.cwd_state = cwd ? CwdState::kKnown : CwdState::kUnreadable;
  p.cwd = cwd.value_or("");
  return *this;
}

EvidenceBuilder& EvidenceBuilder::File(const std::string& path, const std::string& content,
                                       const FileAttributes& attributes) {
  FileEvidence f = StatRecord(path, attributes, "file");
  f.size = static_cast<std::int64_t>(content.size());
  f.content_member = "files" + path;
  f.content_policy = "copied";
  f.content = content;
  return Record(std::move(f));
}

EvidenceBuilder& EvidenceBuilder::StatOnly(const std::string& path, const FileAttributes& attributes) {
  FileEvidence f = StatRecord(path, attributes, "file");
  f.size = 0;
  f.content_policy = "stat-only";
  return Record(std::move(f));
}

EvidenceBuilder& EvidenceBuilder::Absent(const std::string& path) {
  FileEvidence f;
  f.path = path;
  f.status = "absent";
  f.why = {"test"};
  return Record(std::move(f));
}

EvidenceBuilder& EvidenceBuilder::Unreadable(const std::string& path, const std::string& status,
                                             const std::string& error) {
  FileEvidence f;
  f.path = path;
  f.status = status;
  f.error = error;
  f.why = {"test"};
  return Record(std::move(f));
}

EvidenceBuilder& EvidenceBuilder::Directory(const std::string& path, const FileAttributes& attributes) {
  return Record(StatRecord(path, attributes, "dir"));
}

EvidenceBuilder& EvidenceBuilder::Symlink(const std::string& path, const std::string& target) {
  FileEvidence f = StatRecord(path, FileAttributes{0777}, "symlink");
  f.link_target = target;
  return Record(std::move(f));
}

EvidenceBuilder& EvidenceBuilder::Record(FileEvidence record) {
  auto it = std::find_if(evidence_.files.begin(), evidence_.files.end(),
                         [&](const FileEvidence& f) { return f.path == record.path; });
  if (it != evidence_.files.end()) {
    *it = std::move(record);
  } else {
    evidence_.files.push_back(std::move(record));
  }
  return *this;
}

EvidenceBuilder& EvidenceBuilder::ProcessView(const std::string& view) {
  evidence_.bundle.process_view = view;
  return *this;
}

EvidenceBuilder& EvidenceBuilder::KubernetesVersion(const std::string& component,
                                                    const std::string& version,
                                                    const std::string& source) {
  evidence_.bundle.kubernetes_versions.push_back({component, version, source});
  return *this;
}

EvidenceBuilder& EvidenceBuilder::Node(const std::string& name) {
  evidence_.bundle.node = name;
  return *this;
}

NodeEvidence EvidenceBuilder::Build() const {
  NodeEvidence out = evidence_;
  std::sort(out.files.begin(), out.files.end(),
            [](const FileEvidence& a, const FileEvidence& b) { return a.path < b.path; });
  std::sort(out.processes.begin(), out.processes.end(),
            [](const ProcessEvidence& a, const ProcessEvidence& b) {
              return a.component != b.component ? a.component < b.component : a.pid < b.pid;
            });
  return out;
}

const Benchmark& Cis16() {
  static const Benchmark benchmark = [] {
    auto loaded = LoadBenchmark(KUBEPROOF_SOURCE_DIR "/benchmarks", "cis-1.6.0");
    if (!loaded.ok()) throw std::runtime_error("cannot load cis-1.6.0: " + loaded.status().message());
    return std::move(loaded).value();
  }();
  return benchmark;
}

const RuleSet& Cis16Rules() {
  static const RuleSet rules = [] {
    RuleSet r;
    r.benchmarks.push_back(Cis16());
    r.request.kind = BenchmarkRequest::Kind::kListed;
    r.request.ids = {"cis-1.6.0"};
    return r;
  }();
  return rules;
}

const Finding& FindingFor(const Evaluation& evaluation, const std::string& check_id) {
  for (const auto& f : evaluation.findings) {
    if (f.check_id == check_id) return f;
  }
  throw std::runtime_error("no finding for " + check_id);
}

EvidenceBuilder KubeletWithConfig(const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv{"/usr/bin/kubelet", std::string("--config=") + kKubeletConfig};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  EvidenceBuilder builder;
  builder.KubernetesVersion("kubelet", "v1.20.4").Process("kubelet", argv, 812);
  return builder;
}

}  // namespace kubeproof::testing
