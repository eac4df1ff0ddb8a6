// Which name SQLite opens a database by for reading, so that read-only media can be read.
#pragma once

#include <filesystem>
#include <string>

#include "common/status.h"

namespace kubeproof {

// What to open for reading. A WAL database needs its shared-memory file (-shm) beside it, which
// cannot be created on read-only media (a DVD, a read-only share). With no -shm there, no process
// has the file open for writing, so reading it as immutable sees exactly what is stored, unless
// committed pages still wait in the -wal file, which only a writable copy can apply.
Result<std::string> ReadOnlyName(const std::filesystem::path& path);

}  // namespace kubeproof
