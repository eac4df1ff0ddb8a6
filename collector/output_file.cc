#include "collector/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kubeproof {
namespace {

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

Result<OutputFile> OutputFile::Prepare(const std::string& path) {
  OutputFile out;
  out.path_ = path;
  if (path == "-") {
    out.fd_ = STDOUT_FILENO;
    out.owns_fd_ = false;
    return out;
  }
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return Status::IoError(path + ": is a directory");
    // A device or FIFO (e.g. /dev/stdout) is written in place: renaming over it would replace it.
    out.fd_ = open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (out.fd_ < 0) return Status::IoError(path + ": " + std::strerror(errno));
    return out;
  }
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return Status::IoError(path + ": not a file name");
  std::string templ = (dir == "/" ? "" : dir) + "/." + base + ".tmp-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  out.fd_ = mkostemp(name.data(), O_CLOEXEC);
  if (out.fd_ < 0) return Status::IoError(dir + ": cannot create a file here: " + std::strerror(errno));
  out.temp_path_ = name.data();
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_), owns_fd_(other.owns_fd_), path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)) {
  other.fd_ = -1;
  other.temp_path_.clear();
}

OutputFile::~OutputFile() { Discard(); }

void OutputFile::Discard() {
  if (!temp_path_.empty()) unlink(temp_path_.c_str());
  temp_path_.clear();
  if (fd_ >= 0 && owns_fd_) close(fd_);
  fd_ = -1;
}

Status OutputFile::Commit(std::string_view bytes) {
  if (fd_ < 0) return Status::IoError(path_ + ": output already closed");
  Status s = WriteAll(fd_, bytes);
  if (s.ok() && !temp_path_.empty() && fsync(fd_) != 0) s = Status::IoError(std::strerror(errno));
  if (s.ok() && owns_fd_) {
    int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) s = Status::IoError(std::strerror(errno));
  }
  if (s.ok() && !temp_path_.empty()) {
    if (rename(temp_path_.c_str(), path_.c_str()) != 0) {
      s = Status::IoError(std::strerror(errno));
    } else {
      temp_path_.clear();
    }
  }
  if (!s.ok()) {
    Discard();
    return s.WithContext(path_);
  }
  return Status::Ok();
}

}  // namespace kubeproof
