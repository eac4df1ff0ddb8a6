// File lookup in the evidence that follows symlinks to their targets' records.
#pragma once

#include <string>
#include <vector>

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

// What the evidence shows of one directory: whether it could be listed, and the records directly
// in it. A directory without a record of its own counts as listed when records exist beneath it.
struct DirectoryListing {
  enum class State { kListed, kAbsent, kUnreadable, kNotCollected };
  State state = State::kNotCollected;
  std::string problem;                       // for kUnreadable and kNotCollected, in words
  std::vector<const FileEvidence*> entries;  // existing records directly in the directory, by name
};

DirectoryListing ListDirectory(const NodeEvidence& evidence, const std::string& dir);

// "/a/b/../c/./d" -> "/a/c/d".
std::string NormalisePath(const std::string& path);

}  // namespace kubeproof
