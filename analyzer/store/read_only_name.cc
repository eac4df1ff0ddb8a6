#include "analyzer/store/read_only_name.h"

#include <unistd.h>

#include <cctype>

namespace kubeproof {
namespace {

// A file: URI for `path`, every byte outside the unreserved set percent-encoded.
std::string FileUri(const std::filesystem::path& path, const char* query) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (char byte : std::filesystem::absolute(path).string()) {
    const auto c = static_cast<unsigned char>(byte);
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return uri + "?" + query;
}

bool Exists(const std::filesystem::path& path) {
  std::error_code ignored;
  return std::filesystem::exists(path, ignored);
}

}  // namespace

Result<std::string> ReadOnlyName(const std::filesystem::path& path) {
  const std::filesystem::path wal = path.string() + "-wal", shm = path.string() + "-shm";
  std::filesystem::path dir =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  if (Exists(shm) || ::access(dir.c_str(), W_OK) == 0) {
    return path.string().rfind("file:", 0) == 0 ? "./" + path.string() : path.string();
  }
  std::error_code error;
  if (Exists(wal) && std::filesystem::file_size(wal, error) > 0) {
    return Status::IoError(
        path.string() + ": its last changes are still in " + wal.filename().string() +
        " and the folder is read-only: copy both files to writable storage to read them");
  }
  return FileUri(path, "immutable=1");
}

}  // namespace kubeproof
