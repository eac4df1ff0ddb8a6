// EvidenceBuilder: a fluent way for tests to build the NodeEvidence a bundle would yield.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/rules/benchmark.h"
#include "analyzer/rules/finding.h"
#include "analyzer/rules/node_evaluation.h"

namespace kubeproof::testing {

// Ownership and mode of a file record; the defaults are root:root 0644.
struct FileAttributes {
  std::uint32_t mode = 0644;
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::optional<std::string> owner = "root";
  std::optional<std::string> group = "root";
};

class EvidenceBuilder {
 public:
  EvidenceBuilder();

  // A running process; pids are assigned in call order from 100 unless given.
  EvidenceBuilder& Process(const std::string& component, std::vector<std::string> argv,
                           std::optional<std::int64_t> pid = std::nullopt);
  // The working directory of the last process added: a path, or nullopt when it was unreadable.
  EvidenceBuilder& Cwd(std::optional<std::string> cwd);
  // A regular file the collector read and copied (status ok, type file).
  EvidenceBuilder& File(const std::string& path, const std::string& content,
                        const FileAttributes& attributes = {});
  // A regular file recorded by stat only (no content), e.g. a private key or a certificate.
  EvidenceBuilder& StatOnly(const std::string& path, const FileAttributes& attributes = {});
  // A file the collector found missing.
  EvidenceBuilder& Absent(const std::string& path);
  // A file the collector could not read: status "denied" or "error", with the system's text.
  EvidenceBuilder& Unreadable(const std::string& path, const std::string& status = "denied",
                              const std::string& error = "Permission denied");
  // A directory record.
  EvidenceBuilder& Directory(const std::string& path, const FileAttributes& attributes = {0755});
  // A symlink record; the target's own record is added separately.
  EvidenceBuilder& Symlink(const std::string& path, const std::string& target);
  // Any record, as is (replaces an earlier record for the same path).
  EvidenceBuilder& Record(FileEvidence record);

  EvidenceBuilder& ProcessView(const std::string& view);  // "full" or "limited"
  EvidenceBuilder& KubernetesVersion(const std::string& component, const std::string& version,
                                     const std::string& source = "test");
  EvidenceBuilder& Node(const std::string& name);

  // The evidence, files sorted by path as NodeEvidence requires.
  NodeEvidence Build() const;

 private:
  NodeEvidence evidence_;
  std::int64_t next_pid_ = 100;
};

// Where the kubelet of KubeletWithConfig reads its config file.
inline constexpr const char* kKubeletConfig = "/var/lib/kubelet/config.yaml";

// A kubelet v1.20.4 (pid 812) running with --config=kKubeletConfig and `extra_args`; the caller
// adds the config file itself, readable or not.
EvidenceBuilder KubeletWithConfig(const std::vector<std::string>& extra_args = {});

// CIS 1.6.0 as shipped in benchmarks/, loaded once; throws (failing the test) if it does not load.
const Benchmark& Cis16();

// A rule set that evaluates CIS 1.6.0 on every node, as `--benchmark cis-1.6.0` does.
const RuleSet& Cis16Rules();

// The finding for one check; throws (failing the test) when the evaluation has none.
const Finding& FindingFor(const Evaluation& evaluation, const std::string& check_id);
// A finding of a temporary evaluation would dangle: keep the Evaluation in a variable.
const Finding& FindingFor(Evaluation&& evaluation, const std::string& check_id) = delete;

}  // namespace kubeproof::testing
