// NodeRoot: every read of the node's filesystem, confined to --root (symlinks re-rooted, loops
// bounded, FIFOs and devices never opened).
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// What lstat says about one node path, after resolving its parent directories inside the root.
struct PathInfo {
  enum class Outcome { kOk, kAbsent, kDenied, kError };
  Outcome outcome = Outcome::kError;
  int error_number = 0;          // errno behind kAbsent/kDenied/kError
  struct stat st {};             // valid when outcome == kOk
  std::string link_target;       // for a symlink, the target as stored
  std::string resolved_path;     // node path with every symlink resolved (set when kOk)
};

// The bytes of one regular file, or why they could not be read.
struct FileRead {
  enum class Outcome { kOk, kAbsent, kDenied, kNotRegular, kTooLarge, kError };
  Outcome outcome = Outcome::kError;
  int error_number = 0;
  std::string content;
  struct stat st {};  // from fstat of the opened file when it was opened
};

class NodeRoot {
 public:
  // Opens `dir` as the root of the node's filesystem. Fails when it is not a readable directory.
  static Result<NodeRoot> Open(const std::string& dir);

  NodeRoot(NodeRoot&& other) noexcept;
  NodeRoot& operator=(NodeRoot&& other) noexcept;
  NodeRoot(const NodeRoot&) = delete;
  NodeRoot& operator=(const NodeRoot&) = delete;
  ~NodeRoot();

  // lstat of `path` (absolute node path): intermediate symlinks are followed inside the root,
  // the last component is not. With `follow`, the last component is followed as well.
  PathInfo Stat(const std::string& path, bool follow) const;

  // Reads a regular file (symlinks followed inside the root) up to `max_bytes`; larger files are
  // kTooLarge and not read. Opens with O_NONBLOCK|O_NOFOLLOW and checks fstat before reading.
  FileRead ReadFile(const std::string& path, std::size_t max_bytes) const;

  // Opens like ReadFile and hands the bytes to `chunk` as they are read, so a large file is
  // never held whole; `content` stays empty. A file past `max_bytes` (found before or while
  // reading) is kTooLarge, a read error midway kError; chunks already handed on stand.
  FileRead StreamFile(const std::string& path, std::size_t max_bytes,
                      const std::function<void(std::string_view)>& chunk) const;

  // Names in a directory (symlinks followed inside the root), sorted, "." and ".." left out. On
  // failure `*error_number` (when given) holds the errno.
  Result<std::vector<std::string>> ListDirectory(const std::string& path, int* error_number = nullptr) const;

  // True when the kernel's openat2(RESOLVE_IN_ROOT) is used for opening files.
  bool uses_openat2() const { return use_openat2_; }

 private:
  explicit NodeRoot(int fd) : root_fd_(fd) {}
  // Opens a regular file for reading (fd >= 0), or sets `read`'s outcome and returns -1.
  int OpenRegular(const std::string& path, std::size_t max_bytes, FileRead& read) const;
  int root_fd_ = -1;
  bool use_openat2_ = true;
};

// Lexically normalises an absolute path: collapses "//", ".", ".." (never above "/"), and drops a
// trailing "/". A relative path is taken as relative to "/".
std::string NormalizeNodePath(const std::string& path);

}  // namespace kubeproof
