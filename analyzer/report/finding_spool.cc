#include "analyzer/report/finding_spool.h"

#include <algorithm>

namespace kubeproof {

FindingSpool::FindingSpool(std::size_t checks) : files_(checks) {}

Status FindingSpool::Add(std::size_t check, const SpooledFinding& finding) {
  auto& file = files_.at(check);
  if (!file) file.reset(std::tmpfile());
  if (!file || std::fwrite(&finding, sizeof finding, 1, file.get()) != 1)
    return Status::IoError("cannot write a temporary file");
  return Status::Ok();
}

Status FindingSpool::Replay(
    const std::function<Status(std::size_t check, const std::vector<SpooledFinding>&)>& visit) {
  std::vector<SpooledFinding> findings;
  for (std::size_t c = 0; c < files_.size(); ++c) {
    std::FILE* file = files_[c].get();
    if (file == nullptr) continue;
    const long bytes = std::ftell(file);
    if (bytes < 0) return Status::IoError("cannot read a temporary file");
    findings.resize(static_cast<std::size_t>(bytes) / sizeof(SpooledFinding));
    std::rewind(file);
    if (std::fread(findings.data(), sizeof(SpooledFinding), findings.size(), file) != findings.size())
      return Status::IoError("cannot read a temporary file");
    files_[c].reset();
    // The frame's node order: cluster, then node.
    std::stable_sort(findings.begin(), findings.end(),
                     [](const SpooledFinding& a, const SpooledFinding& b) { return a.node < b.node; });
    if (Status s = visit(c, findings); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace kubeproof
