#include "analyzer/settings/file_lookup.h"

#include <vector>

namespace kubeproof {

std::string NormalisePath(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

FileLookup LookupFile(const NodeEvidence& evidence, const std::string& path) {
  FileLookup out;
  out.path = NormalisePath(path);
  for (int hop = 0; hop < 16; ++hop) {
    out.record = evidence.FindFile(out.path);
    if (out.record == nullptr || out.record->type != "symlink" || !out.record->link_target) return out;
    std::string target = *out.record->link_target;
    if (target.empty() || target[0] != '/') {
      target = out.path.substr(0, out.path.rfind('/') + 1) + target;
    }
    out.via += (out.via.empty() ? "symlink " + out.path : std::string()) + " -> " + NormalisePath(target);
    out.path = NormalisePath(target);
  }
  out.record = nullptr;
  return out;
}

DirectoryListing ListDirectory(const NodeEvidence& evidence, const std::string& dir) {
  DirectoryListing out;
  FileLookup found = LookupFile(evidence, dir);
  const std::string prefix = found.path == "/" ? "/" : found.path + "/";
  if (found.record != nullptr && found.record->status == "absent") {
    out.state = DirectoryListing::State::kAbsent;
    return out;
  }
  if (found.record != nullptr && found.record->status != "ok") {
    out.state = DirectoryListing::State::kUnreadable;
    out.problem = "directory " + found.path + " unreadable: " + (found.record->error ? *found.record->error : found.record->status);
    return out;
  }
  for (const auto& f : evidence.files) {
    if (f.path.size() <= prefix.size() || f.path.compare(0, prefix.size(), prefix) != 0) continue;
    if (f.path.find('/', prefix.size()) != std::string::npos || f.status == "absent") continue;
    out.entries.push_back(&f);
  }
  if (found.record == nullptr && out.entries.empty()) {
    out.problem = "directory " + found.path + " not collected";
    return out;
  }
  out.state = DirectoryListing::State::kListed;
  return out;
}

}  // namespace kubeproof
