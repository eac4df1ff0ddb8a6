// OutputFile: where the bundle goes. A file is written atomically (temp file in the same
// directory, fsync, rename) and never left half-written; "-" is standard output.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kubeproof {

class OutputFile {
 public:
  // Called before collecting, so an unwritable destination fails fast: creates the temp file
  // beside `path` (or, for "-" and existing devices/FIFOs, opens them for writing directly).
  static Result<OutputFile> Prepare(const std::string& path);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  // Removes the temp file unless Commit succeeded.
  ~OutputFile();

  // Writes `bytes`, fsyncs and renames into place. On any error the temp file is removed.
  Status Commit(std::string_view bytes);

 private:
  OutputFile() = default;
  void Discard();

  int fd_ = -1;
  bool owns_fd_ = true;
  std::string path_;       // the destination
  std::string temp_path_;  // empty when writing straight to stdout or a device
};

}  // namespace kubeproof
