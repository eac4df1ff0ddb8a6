// DistributionOptions: the options a distribution process (`k3s server`) runs with, read as the
// distribution reads them: its config file, then the drop-ins beside it in name order (a later
// file replaces a key, `key+` appends to it), then its own command line, which comes last.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/settings/distribution_spec.h"

namespace kubeproof {

struct OptionValue {
  std::string value;
  std::string source;            // "k3s config /etc/rancher/k3s/config.yaml key kube-apiserver-arg"
  bool on_command_line = false;  // given on the process's command line, after every config file
};

class DistributionOptions {
 public:
  DistributionOptions(const DistributionSpec& spec, const NodeEvidence& evidence,
                      const ProcessEvidence& process);

  // Every value of a list option, config files first, then the command line's.
  std::vector<OptionValue> List(const std::string& option) const;
  // The last value given to any of `names` (aliases of one option): command line before files.
  std::optional<OptionValue> Scalar(const std::vector<std::string>& names) const;
  bool IsTrue(const std::string& option) const;
  // Config files or drop-ins that could set options but were not collected or not read.
  const std::vector<std::string>& problems() const { return problems_; }
  // Where the distribution keeps its state: its data-dir option, else the default.
  std::string DataDir() const;

 private:
  struct Entry {
    std::string option;
    std::vector<OptionValue> values;
  };
  void ReadFiles(const NodeEvidence& evidence, const std::string& config_path);
  void ReadFile(const NodeEvidence& evidence, const std::string& path, bool optional);
  Entry* Find(std::vector<Entry>& entries, const std::string& option);

  const DistributionSpec& spec_;
  std::string process_label_;        // "k3s-server (pid 1402)"
  std::vector<Entry> file_entries_;  // merged across files, in first-seen order
  std::vector<std::pair<std::string, std::string>> command_line_;  // option, value
  std::vector<std::string> problems_;
};

}  // namespace kubeproof
