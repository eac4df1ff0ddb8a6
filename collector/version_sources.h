// The files and directories the collector reads only for the Kubernetes versions they name
// (package database, package logs, release directories): data, in one place, each with why it
// is read. Nothing of them is copied into a bundle; their stat records and the versions are.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "collector/file_examiner.h"
#include "collector/kubernetes_versions.h"
#include "collector/node_root.h"

namespace kubeproof {

enum class VersionFormat {
  kDpkgStatus,              // /var/lib/dpkg/status
  kRpmHistory,              // dnf.rpm.log, yum.log
  kKubeletVersionOutput,    // a saved `kubelet --version`
  kRke2RuntimeLink,         // <data-dir>/bin -> data/<release>-<hash>/bin
  kRke2RuntimeDirectories,  // <data-dir>/data/<release>-<hash>/, when the link is missing
};

struct VersionSource {
  std::string_view path;
  VersionFormat format;
  int rotations;  // rotated copies PATH.N .. PATH.1, oldest first, read before PATH when it exists
  std::string_view why;  // recorded in files.json "why"
};

std::span<const VersionSource> VersionSources();

// A version source file larger than this is not read (nothing of it is held: it is streamed).
constexpr std::size_t kMaxVersionSourceBytes = 64 << 20;
// A longer line is skipped whole.
constexpr std::size_t kMaxVersionSourceLine = 64 << 10;

// Reads every version source under the root. Each path examined gets its stat record through
// `examiner` (kind kVersionSource: never copied); anything that stops a read, or a record that
// cannot be taken, is a problem there.
std::vector<VersionSeen> ReadInstalledVersions(const NodeRoot& root, FileExaminer& examiner);

}  // namespace kubeproof
