#include "tests/support/scratch_mount.h"

#include <sys/mount.h>
#include <unistd.h>

namespace kubeproof::testing {

ScratchMount::ScratchMount(std::filesystem::path path, const std::string& size) : path_(std::move(path)) {
  std::filesystem::create_directories(path_);
  const std::string options = "size=" + size;
  mounted_ = ::geteuid() == 0 && ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

ScratchMount::~ScratchMount() {
  if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
}

bool ScratchMount::Freeze() {
  return ::mount(nullptr, path_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
}

}  // namespace kubeproof::testing
