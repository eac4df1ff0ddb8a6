// bench_ingest_floor DIR: the least any ingest of DIR's bundles must do, in one process: read
// each file, SHA-256 it, decompress it and SHA-256 the decompressed bytes. Prints the totals.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "common/sha256.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_ingest_floor DIR\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  auto start = std::chrono::steady_clock::now();
  std::uint64_t compressed = 0, decompressed = 0;
  std::string digests;  // kept so the work cannot be optimised away
  static char buffer[64 * 1024];
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    compressed += bytes.size();
    digests += kubeproof::Sha256Hex(bytes).substr(0, 2);
    std::unique_ptr<struct archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_zstd(a.get());
    archive_read_support_format_raw(a.get());
    struct archive_entry* entry = nullptr;
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK ||
        archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
      std::cerr << "bench_ingest_floor: " << path.string() << ": " << archive_error_string(a.get()) << "\n";
      return 1;
    }
    kubeproof::Sha256 hasher;
    for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof(buffer))) > 0;) {
      hasher.Update(std::string_view(buffer, static_cast<std::size_t>(n)));
      decompressed += static_cast<std::uint64_t>(n);
    }
    digests += hasher.HexDigest().substr(0, 2);
  }
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  std::cout << files.size() << " bundles, " << compressed << " bytes compressed, " << decompressed
            << " bytes decompressed, " << seconds.count() << " s (" << digests.size() << ")\n";
  return 0;
}
