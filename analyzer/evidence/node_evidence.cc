#include "analyzer/evidence/node_evidence.h"

#include <algorithm>

namespace kubeproof {

std::string_view CwdStateName(CwdState state) {
  switch (state) {
    case CwdState::kKnown: return "known";
    case CwdState::kUnreadable: return "unreadable";
    case CwdState::kNotRecorded: break;
  }
  return "not-recorded";
}

std::optional<CwdState> ParseCwdState(std::string_view name) {
  for (CwdState s : {CwdState::kKnown, CwdState::kUnreadable, CwdState::kNotRecorded}) {
    if (CwdStateName(s) == name) return s;
  }
  return std::nullopt;
}

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
