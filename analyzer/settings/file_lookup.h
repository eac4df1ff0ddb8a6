// File lookup in the evidence that follows symlinks to their targets' records.
#pragma once

#include <string>

#include "analyzer/evidence/node_evidence.h"

namespace kubeproof {

struct FileLookup {
  const FileEvidence* record = nullptr;  // the final record (a symlink's target), or null
  std::string path;                      // the path of `record`, or the last path tried
  std::string via;                       // "symlink A -> B" when links were followed
};

// Looks up `path`; a symlink record is followed through link_target (relative targets resolve
// against the link's directory), at most 16 hops.
FileLookup LookupFile(const NodeEvidence& evidence, const std::string& path);

// "/a/b/../c/./d" -> "/a/c/d".
std::string NormalisePath(const std::string& path);

}  // namespace kubeproof
