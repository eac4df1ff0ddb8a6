// Builders of valid and hostile bundle archives for tests: tar assembled header by header in
// memory (so any entry a hostile tool could write can be made), gzip and zstd via libarchive.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/ed25519.h"

struct archive;

namespace kubeproof::testing {

// One tar entry exactly as it will be written; nothing is checked.
struct TarEntry {
  std::string name;
  char type = '0';  // ustar typeflag: '0' file, '1' hardlink, '2' symlink, '3' char, '4' block, '5' dir, '6' FIFO
  std::string data;
  std::string link_target;
  std::optional<std::uint64_t> claimed_size;  // header size when it must differ from data.size()
  // pax records written in an extended header before the entry; a name over 100 bytes gets a
  // "path" record automatically.
  std::vector<std::pair<std::string, std::string>> pax;
};

// Concatenates ustar headers and data blocks by hand.
class TarBuilder {
 public:
  TarBuilder& Add(TarEntry entry);
  TarBuilder& File(std::string name, std::string data);
  // The tar stream; the two zero blocks that end an archive unless `end_marker` is false.
  std::string Finish(bool end_marker = true) const;

 private:
  std::vector<TarEntry> entries_;
};

// One 512-byte ustar header (and no data), the checksum filled in.
std::string TarHeader(std::string_view name, char type, std::uint64_t size, std::string_view link_target = {});

enum class Compression { kGzip, kZstd };

// Streams bytes through libarchive's gzip or zstd writer without holding the input.
class Compressor {
 public:
  explicit Compressor(Compression compression);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  void Write(std::string_view bytes);
  // The compressed bytes; the compressor is done afterwards.
  std::string Finish();

 private:
  struct archive* archive_;
  std::string out_;
};

std::string Compress(std::string_view raw, Compression compression = Compression::kGzip);
std::string Gzip(std::string_view raw);
std::string Zstd(std::string_view raw);
// Undoes every gzip/zstd layer.
std::string Decompress(std::string_view compressed);

// A small, well-formed worker node's evidence: one kubelet process, its config file, its
// kubeconfig. Tests alter the JSON or the members to make a bundle subtly wrong.
struct BundleContent {
  nlohmann::json manifest;   // without "members": signing fills them in
  nlohmann::json processes;  // evidence/processes.json
  nlohmann::json files;      // evidence/files.json
  std::map<std::string, std::string> contents;  // files/... members

  // Adds a copied node file: its stat record and its member.
  // `profile` is the content profile recorded for it (common/content_filter.h); none when empty.
  BundleContent& AddFile(const std::string& node_path, const std::string& content, const std::string& mode = "0600",
                         const std::string& profile = "");
  // Every member but SHA256SUMS and manifest.json.
  std::map<std::string, std::string> Members() const;
};

BundleContent WorkerBundle(const std::string& node = "worker-1");

// The archive entries a collector would write for `content`: SHA256SUMS, manifest.json (with
// its member list), then the members in name order.
std::vector<TarEntry> SignedEntries(const BundleContent& content);
std::string TarOf(const std::vector<TarEntry>& entries);

// The entry named `name` (which must exist).
TarEntry& EntryNamed(std::vector<TarEntry>& entries, const std::string& name);
// Replaces manifest.json and updates its line in SHA256SUMS, leaving the member list as given.
void ReplaceManifest(std::vector<TarEntry>& entries, const nlohmann::json& manifest);

// The bundle as the collector's BundleWriter writes it (gzip).
std::string WriteBundle(const BundleContent& content);

// The bundle as `kubeproof-collect --sign-key` writes it: the manifest names the key
// ("signed_by") and SHA256SUMS.sig holds the signature.
std::string WriteSignedBundle(const BundleContent& content, const SigningKey& key);

// Every member of a .tar.gz bundle by name, and the other way: a .tar.gz of `members` in the
// collector's order (SHA256SUMS, SHA256SUMS.sig, manifest.json, the rest by name), nothing
// checked or recomputed.
std::map<std::string, std::string> BundleMembers(const std::string& bytes);
std::string PackMembers(const std::map<std::string, std::string>& members);

// A bundle the collector wrote (`bytes`, a .tar.gz) as if its collection had started at
// `started_at`: the manifest's started_at and finished_at read that time and the bundle is signed
// again by the collector's BundleWriter; every evidence member is kept as it was.
std::string RestampedBundle(const std::string& bytes, const std::string& started_at);

// A fresh directory under the system's temp directory, removed with everything in it at scope end.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A one-entry archive in another format (libarchive's archive_write_set_format_zip, _7zip, ...).
std::string ArchiveInFormat(int (*set_format)(struct archive*));

// One hostile bundle from the list, written to a file, and how it must be refused.
struct HostileBundle {
  std::string name;  // as the issue says it: "member ../../x"
  std::filesystem::path path;
  int code;                 // Status::Code, as an int to keep this header free of the analyzer
  std::string message;      // a fragment the one-line refusal must contain
};

// Every hostile bundle that default limits refuse, written under `dir`; bombs and the million
// entries come from `cache_dir`.
std::vector<HostileBundle> HostileBundles(const std::filesystem::path& dir, const std::filesystem::path& cache_dir);

// Writes bytes to a file, creating its directory.
std::filesystem::path WriteFile(const std::filesystem::path& path, std::string_view bytes);

// A gzip of a gzip of `gib` GiB of zeros: a few KB on disk. Made once and kept in `cache_dir`.
std::filesystem::path CachedGzipBomb(const std::filesystem::path& cache_dir, int gib = 1);
// A zstd of a zstd of `gib` GiB of zeros, made once and kept in `cache_dir`.
std::filesystem::path CachedZstdBomb(const std::filesystem::path& cache_dir, int gib = 1);
// A zstd tar of `count` empty regular files, made once and kept in `cache_dir`.
std::filesystem::path CachedEmptyEntries(const std::filesystem::path& cache_dir, std::size_t count);

}  // namespace kubeproof::testing
