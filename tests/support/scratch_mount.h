// A small tmpfs for tests that need a full or read-only file system; mounting needs root.
#pragma once

#include <filesystem>
#include <string>

namespace kubeproof::testing {

class ScratchMount {
 public:
  // Mounts a tmpfs of `size` (mount's syntax, e.g. "2m") at `path`, created if missing.
  ScratchMount(std::filesystem::path path, const std::string& size);
  ~ScratchMount();
  ScratchMount(const ScratchMount&) = delete;
  ScratchMount& operator=(const ScratchMount&) = delete;

  // False when not privileged to mount: the caller warns and skips.
  bool mounted() const { return mounted_; }
  // Remounts it read-only.
  bool Freeze();

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
};

}  // namespace kubeproof::testing
