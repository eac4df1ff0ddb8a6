#include "analyzer/commands/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

namespace kubeproof {

Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write) {
  std::string temp = path + ".partial-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Status::IoError("cannot write " + path);
  // mkstemp makes the file private; a report gets the permissions any new file would.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  {
    // Whole pages per write: the file system then copies a report's hundreds of MB without
    // first zeroing each page a small write only partly covers.
    std::vector<char> buffer(std::size_t{1} << 20);
    std::ofstream out;
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.open(temp, std::ios::binary | std::ios::trunc);
    Status s = out ? write(out) : Status::IoError("cannot write " + path);
    out.close();
    if (s.ok() && !out) s = Status::IoError("cannot write " + path);
    if (!s.ok()) {
      std::remove(temp.c_str());
      return s;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

Status WriteReportText(const std::optional<std::string>& path, const std::string& text) {
  if (path) {
    return WriteFileAtomically(*path, [&](std::ostream& out) {
      out << text;
      return Status::Ok();
    });
  }
  std::cout << text << std::flush;
  if (!std::cout) return Status::IoError("cannot write the report to standard output");
  return Status::Ok();
}

}  // namespace kubeproof
