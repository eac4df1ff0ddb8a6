// Reading the rules folder: its *.yaml files in name order, and each file whole.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// The *.yaml files directly in `dir`, in name order. A folder that cannot be listed, or a *.yaml
// that is not a regular file, is an error: never a catalog with fewer files than the folder holds.
Result<std::vector<std::filesystem::path>> YamlFilesIn(const std::filesystem::path& dir);

// The file's bytes; Status::NotFound when it cannot be opened, IoError when it cannot be read.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace kubeproof
