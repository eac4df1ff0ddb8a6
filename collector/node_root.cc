#include "collector/node_root.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>

namespace kubeproof {
namespace {

// Linux's own bound on symlinks followed in one lookup.
constexpr int kMaxSymlinks = 40;

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
      Reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The result of walking a path to its last component inside the root.
struct Walk {
  int error_number = 0;
  std::vector<UniqueFd> dirs;          // opened directories below the root, innermost last
  std::vector<std::string> resolved;   // their names
  std::string name;                    // last component; empty when the path is a directory itself
  int DirFd(int root_fd) const { return dirs.empty() ? root_fd : dirs.back().get(); }
};

// Resolves every component of `path` inside the root; the last one only when `follow`. An absolute
// link target restarts at the root and ".." never climbs above it, so no path leaves the root.
Walk WalkPath(int root_fd, const std::string& path, bool follow) {
  Walk walk;
  std::vector<std::string> split = SplitPath(path);
  std::deque<std::string> pending(split.begin(), split.end());
  int links = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!walk.dirs.empty()) {
        walk.dirs.pop_back();
        walk.resolved.pop_back();
      }
      continue;
    }
    bool last = pending.empty();
    if (last && !follow) {
      walk.name = std::move(part);
      return walk;
    }
    int dir_fd = walk.DirFd(root_fd);
    struct stat st {};
    if (fstatat(dir_fd, part.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      walk.error_number = errno;
      return walk;
    }
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxSymlinks) {
        walk.error_number = ELOOP;
        return walk;
      }
      char target[4096];
      ssize_t n = readlinkat(dir_fd, part.c_str(), target, sizeof(target) - 1);
      if (n < 0) {
        walk.error_number = errno;
        return walk;
      }
      std::string link(target, static_cast<size_t>(n));
      if (!link.empty() && link[0] == '/') {
        walk.dirs.clear();
        walk.resolved.clear();
      }
      std::vector<std::string> link_parts = SplitPath(link);
      pending.insert(pending.begin(), link_parts.begin(), link_parts.end());
      continue;
    }
    if (last) {
      walk.name = std::move(part);
      return walk;
    }
    if (!S_ISDIR(st.st_mode)) {
      walk.error_number = ENOTDIR;
      return walk;
    }
    int fd = openat(dir_fd, part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      walk.error_number = errno;
      return walk;
    }
    walk.dirs.emplace_back(fd);
    walk.resolved.push_back(std::move(part));
  }
  return walk;  // the path names a directory (or the root) itself
}

std::string JoinResolved(const Walk& walk) {
  std::string out;
  for (const std::string& part : walk.resolved) out += "/" + part;
  if (!walk.name.empty()) out += "/" + walk.name;
  return out.empty() ? "/" : out;
}

template <typename Outcome>
Outcome OutcomeFor(int error_number) {
  if (error_number == ENOENT || error_number == ENOTDIR) return Outcome::kAbsent;
  if (error_number == EACCES || error_number == EPERM) return Outcome::kDenied;
  return Outcome::kError;
}

int OpenAt2(int dir_fd, const char* path, std::uint64_t flags, std::uint64_t resolve) {
  struct open_how how {};
  how.flags = flags;
  how.resolve = resolve;
  return static_cast<int>(syscall(SYS_openat2, dir_fd, path, &how, sizeof(how)));
}

// Opens the directory or file a walk ended on, with `flags` (O_NOFOLLOW always added).
int OpenWalked(int root_fd, const Walk& walk, int flags) {
  int dir_fd = walk.DirFd(root_fd);
  const char* name = walk.name.empty() ? "." : walk.name.c_str();
  return openat(dir_fd, name, flags | O_NOFOLLOW | O_CLOEXEC);
}

}  // namespace

std::string NormalizeNodePath(const std::string& path) {
  std::vector<std::string> out;
  for (std::string& part : SplitPath(path)) {
    if (part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(std::move(part));
  }
  std::string joined;
  for (const std::string& part : out) joined += "/" + part;
  return joined.empty() ? "/" : joined;
}

Result<NodeRoot> NodeRoot::Open(const std::string& dir) {
  int fd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(dir + ": " + std::strerror(errno));
  NodeRoot root(fd);
  // Probe once: openat2 may be missing (kernel < 5.6) or filtered by a seccomp profile.
  int probe = OpenAt2(fd, ".", O_PATH | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  if (probe >= 0) {
    close(probe);
  } else {
    root.use_openat2_ = false;
  }
  return root;
}

NodeRoot::NodeRoot(NodeRoot&& other) noexcept
    : root_fd_(other.root_fd_), use_openat2_(other.use_openat2_) {
  other.root_fd_ = -1;
}

NodeRoot& NodeRoot::operator=(NodeRoot&& other) noexcept {
  if (this != &other) {
    if (root_fd_ >= 0) close(root_fd_);
    root_fd_ = other.root_fd_;
    use_openat2_ = other.use_openat2_;
    other.root_fd_ = -1;
  }
  return *this;
}

NodeRoot::~NodeRoot() {
  if (root_fd_ >= 0) close(root_fd_);
}

PathInfo NodeRoot::Stat(const std::string& path, bool follow) const {
  PathInfo info;
  if (use_openat2_) {
    // Fast path: one syscall when no symlink is involved; any symlink falls back to the walk,
    // which records link targets and resolved paths.
    std::string normal = NormalizeNodePath(path);
    const char* relative = normal.size() > 1 ? normal.c_str() + 1 : ".";
    int fd = OpenAt2(root_fd_, relative, O_PATH | O_NOFOLLOW | O_CLOEXEC,
                     RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS);
    if (fd >= 0) {
      int rc = fstatat(fd, "", &info.st, AT_EMPTY_PATH);
      close(fd);
      if (rc == 0 && !S_ISLNK(info.st.st_mode)) {
        info.outcome = PathInfo::Outcome::kOk;
        info.resolved_path = normal;
        return info;
      }
    } else if (errno == ENOENT || errno == ENOTDIR || errno == EACCES) {
      info.error_number = errno;
      info.outcome = OutcomeFor<PathInfo::Outcome>(errno);
      return info;
    }
  }
  Walk walk = WalkPath(root_fd_, path, follow);
  if (walk.error_number != 0) {
    info.error_number = walk.error_number;
    info.outcome = OutcomeFor<PathInfo::Outcome>(walk.error_number);
    return info;
  }
  int dir_fd = walk.DirFd(root_fd_);
  int rc = walk.name.empty() ? fstatat(dir_fd, "", &info.st, AT_EMPTY_PATH)
                             : fstatat(dir_fd, walk.name.c_str(), &info.st, AT_SYMLINK_NOFOLLOW);
  if (rc != 0) {
    info.error_number = errno;
    info.outcome = OutcomeFor<PathInfo::Outcome>(errno);
    return info;
  }
  if (S_ISLNK(info.st.st_mode)) {
    char target[4096];
    ssize_t n = readlinkat(dir_fd, walk.name.c_str(), target, sizeof(target) - 1);
    if (n >= 0) info.link_target.assign(target, static_cast<size_t>(n));
  }
  info.resolved_path = JoinResolved(walk);
  info.outcome = PathInfo::Outcome::kOk;
  return info;
}

int NodeRoot::OpenRegular(const std::string& path, std::size_t max_bytes, FileRead& read) const {
  PathInfo info = Stat(path, /*follow=*/true);
  read.st = info.st;
  switch (info.outcome) {
    case PathInfo::Outcome::kOk: break;
    case PathInfo::Outcome::kAbsent: read.outcome = FileRead::Outcome::kAbsent; break;
    case PathInfo::Outcome::kDenied: read.outcome = FileRead::Outcome::kDenied; break;
    case PathInfo::Outcome::kError: read.outcome = FileRead::Outcome::kError; break;
  }
  if (info.outcome != PathInfo::Outcome::kOk) {
    read.error_number = info.error_number;
    return -1;
  }
  // Decided from lstat, so a FIFO or device is never opened at all.
  if (!S_ISREG(info.st.st_mode)) {
    read.outcome = FileRead::Outcome::kNotRegular;
    return -1;
  }
  if (static_cast<std::size_t>(info.st.st_size) > max_bytes) {
    read.outcome = FileRead::Outcome::kTooLarge;
    return -1;
  }
  constexpr int kFlags = O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;
  int fd = -1;
  if (use_openat2_) {
    // The resolved path has no symlinks left; one appearing now is a race and is refused.
    const char* relative = info.resolved_path.size() > 1 ? info.resolved_path.c_str() + 1 : ".";
    fd = OpenAt2(root_fd_, relative, kFlags,
                 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS);
  } else {
    Walk walk = WalkPath(root_fd_, info.resolved_path, /*follow=*/false);
    if (walk.error_number != 0) {
      errno = walk.error_number;
    } else {
      fd = OpenWalked(root_fd_, walk, kFlags);
    }
  }
  if (fd < 0) {
    read.error_number = errno;
    read.outcome = OutcomeFor<FileRead::Outcome>(errno);
    return -1;
  }
  if (fstat(fd, &read.st) != 0) {
    read.error_number = errno;
    read.outcome = FileRead::Outcome::kError;
    close(fd);
    return -1;
  }
  if (!S_ISREG(read.st.st_mode)) {
    read.outcome = FileRead::Outcome::kNotRegular;
    close(fd);
    return -1;
  }
  return fd;
}

FileRead NodeRoot::StreamFile(const std::string& path, std::size_t max_bytes,
                              const std::function<void(std::string_view)>& chunk) const {
  FileRead read;
  int fd = OpenRegular(path, max_bytes, read);
  if (fd < 0) return read;
  UniqueFd file(fd);
  char buffer[65536];
  std::size_t total = 0;
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      read.error_number = errno;
      read.outcome = FileRead::Outcome::kError;
      return read;
    }
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
    // A file that grew past the cap while being read is too large, like one that was already.
    if (total > max_bytes) {
      read.outcome = FileRead::Outcome::kTooLarge;
      return read;
    }
    chunk(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
  read.outcome = FileRead::Outcome::kOk;
  return read;
}

FileRead NodeRoot::ReadFile(const std::string& path, std::size_t max_bytes) const {
  std::string content;
  FileRead read = StreamFile(path, max_bytes, [&](std::string_view chunk) { content.append(chunk); });
  if (read.outcome == FileRead::Outcome::kOk) read.content = std::move(content);
  return read;
}

Result<std::vector<std::string>> NodeRoot::ListDirectory(const std::string& path, int* error_number) const {
  auto fail = [&](int error) {
    if (error_number != nullptr) *error_number = error;
    return Status::IoError(path + ": " + std::strerror(error));
  };
  Walk walk = WalkPath(root_fd_, path, /*follow=*/true);
  if (walk.error_number != 0) return fail(walk.error_number);
  int fd = OpenWalked(root_fd_, walk, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fail(errno);
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    int saved = errno;
    close(fd);
    return fail(saved);
  }
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace kubeproof
