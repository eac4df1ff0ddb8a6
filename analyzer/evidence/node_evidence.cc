#include "analyzer/evidence/node_evidence.h"

#include <algorithm>

namespace kubeproof {

const FileEvidence* NodeEvidence::FindFile(const std::string& path) const {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const FileEvidence& f, const std::string& p) { return f.path < p; });
  if (it != files.end() && it->path == path) return &*it;
  return nullptr;
}

std::vector<const ProcessEvidence*> NodeEvidence::ProcessesOf(const std::string& component) const {
  std::vector<const ProcessEvidence*> out;
  for (const auto& p : processes) {
    if (p.component == component) out.push_back(&p);
  }
  return out;
}

}  // namespace kubeproof
