#include "tests/support/bad_bundles.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <stdexcept>

#include "collector/bundle_writer.h"
#include "common/bundle_layout.h"
#include "common/status.h"
#include "common/sha256.h"
#include "common/sha256sums.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof::testing {
namespace {

constexpr std::size_t kBlock = 512;

void PutOctal(std::string& header, std::size_t offset, std::size_t width, std::uint64_t value) {
  // width - 1 octal digits and a NUL, as tar writes them.
  std::string digits(width - 1, '0');
  for (std::size_t i = width - 1; i-- > 0 && value != 0; value >>= 3) digits[i] = static_cast<char>('0' + (value & 7));
  header.replace(offset, width - 1, digits);
  header[offset + width - 1] = '\0';
}

void PutSize(std::string& header, std::uint64_t size) {
  if (size < (1ull << 33)) {
    PutOctal(header, 124, 12, size);
    return;
  }
  // Base-256 for sizes octal cannot hold: high bit set, then big-endian bytes.
  header[124] = static_cast<char>(0x80);
  for (std::size_t i = 0; i < 11; ++i) {
    header[124 + 11 - i] = static_cast<char>(i < 8 ? (size >> (8 * i)) & 0xff : 0);  // a shift past 63 is undefined
  }
}

void PutText(std::string& header, std::size_t offset, std::size_t width, std::string_view text) {
  header.replace(offset, std::min(width, text.size()), text.substr(0, width));
}

std::string PaxRecord(const std::string& key, const std::string& value) {
  std::size_t base = key.size() + value.size() + 3;  // ' ', '=', '\n'
  std::size_t length = base + 1;
  while (std::to_string(length).size() + base != length) length = std::to_string(length).size() + base;
  return std::to_string(length) + " " + key + "=" + value + "\n";
}

void AppendPadded(std::string& out, std::string_view data) {
  out.append(data);
  if (data.size() % kBlock != 0) out.append(kBlock - data.size() % kBlock, '\0');
}

la_ssize_t AppendToString(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

std::filesystem::path Cached(const std::filesystem::path& path, const std::function<void(Compressor&)>& fill,
                             Compression compression, bool wrap_twice) {
  if (std::filesystem::exists(path)) return path;
  Compressor inner(compression);
  fill(inner);
  std::string bytes = inner.Finish();
  if (wrap_twice) bytes = Compress(bytes, compression);
  // Parallel test processes may race to make the same file: each writes its own, then renames.
  auto temp = path;
  temp += "." + std::to_string(::getpid());
  WriteFile(temp, bytes);
  std::filesystem::rename(temp, path);
  return path;
}

}  // namespace

std::string TarHeader(std::string_view name, char type, std::uint64_t size, std::string_view link_target) {
  std::string header(kBlock, '\0');
  PutText(header, 0, 100, name);
  PutOctal(header, 100, 8, type == '5' ? 0755 : 0644);
  PutOctal(header, 108, 8, 0);
  PutOctal(header, 116, 8, 0);
  PutSize(header, size);
  PutOctal(header, 136, 12, 1700000000);
  header[156] = type;
  PutText(header, 157, 100, link_target);
  PutText(header, 257, 6, std::string_view("ustar\0", 6));
  PutText(header, 263, 2, "00");
  PutText(header, 265, 32, "root");
  PutText(header, 297, 32, "root");
  PutOctal(header, 329, 8, 0);
  PutOctal(header, 337, 8, 0);
  // The checksum is computed with its own field read as spaces.
  header.replace(148, 8, 8, ' ');
  std::uint64_t sum = 0;
  for (char c : header) sum += static_cast<unsigned char>(c);
  PutOctal(header, 148, 7, sum);
  header[155] = ' ';
  return header;
}

TarBuilder& TarBuilder::Add(TarEntry entry) {
  entries_.push_back(std::move(entry));
  return *this;
}

TarBuilder& TarBuilder::File(std::string name, std::string data) {
  return Add(TarEntry{std::move(name), '0', std::move(data), {}, std::nullopt, {}});
}

std::string TarBuilder::Finish(bool end_marker) const {
  std::string out;
  for (const TarEntry& e : entries_) {
    auto pax = e.pax;
    if (e.name.size() > 100) pax.emplace_back("path", e.name);
    if (!pax.empty()) {
      std::string records;
      for (const auto& [key, value] : pax) records += PaxRecord(key, value);
      out += TarHeader("PaxHeader/entry", 'x', records.size());
      AppendPadded(out, records);
    }
    out += TarHeader(e.name, e.type, e.claimed_size.value_or(e.data.size()), e.link_target);
    AppendPadded(out, e.data);
  }
  if (end_marker) out.append(2 * kBlock, '\0');
  return out;
}

Compressor::Compressor(Compression compression) : archive_(archive_write_new()) {
  bool ok = archive_write_set_format_raw(archive_) == ARCHIVE_OK &&
            (compression == Compression::kGzip ? archive_write_add_filter_gzip(archive_)
                                               : archive_write_add_filter_zstd(archive_)) == ARCHIVE_OK &&
            archive_write_set_bytes_in_last_block(archive_, 1) == ARCHIVE_OK &&
            archive_write_open2(archive_, &out_, nullptr, AppendToString, nullptr, nullptr) == ARCHIVE_OK;
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), "data");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  if (!ok || archive_write_header(archive_, entry.get()) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("compressor: ") + archive_error_string(archive_));
  }
}

Compressor::~Compressor() { archive_write_free(archive_); }

void Compressor::Write(std::string_view bytes) {
  if (archive_write_data(archive_, bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size())) {
    throw std::runtime_error(std::string("compressor: ") + archive_error_string(archive_));
  }
}

std::string Compressor::Finish() {
  if (archive_write_close(archive_) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("compressor: ") + archive_error_string(archive_));
  }
  return std::move(out_);
}

std::string Compress(std::string_view raw, Compression compression) {
  Compressor c(compression);
  c.Write(raw);
  return c.Finish();
}

std::string Gzip(std::string_view raw) { return Compress(raw, Compression::kGzip); }

std::string Zstd(std::string_view raw) { return Compress(raw, Compression::kZstd); }

std::string Decompress(std::string_view compressed) {
  std::unique_ptr<struct archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_raw(a.get());
  struct archive_entry* entry = nullptr;
  if (archive_read_open_memory(a.get(), compressed.data(), compressed.size()) != ARCHIVE_OK ||
      archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("decompress: ") + archive_error_string(a.get()));
  }
  std::string out;
  char buffer[65536];
  for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof(buffer))) != 0;) {
    if (n < 0) throw std::runtime_error(std::string("decompress: ") + archive_error_string(a.get()));
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

BundleContent& BundleContent::AddFile(const std::string& node_path, const std::string& content, const std::string& mode,
                                      const std::string& profile) {
  std::string member = std::string(bundle::kContentPrefix) + node_path.substr(1);
  files["files"].push_back({{"path", node_path},
                            {"status", "ok"},
                            {"type", "file"},
                            {"mode", mode},
                            {"uid", 0},
                            {"gid", 0},
                            {"owner", "root"},
                            {"group", "root"},
                            {"size", content.size()},
                            {"mtime", "2026-11-20T08:12:44Z"},
                            {"link_target", nullptr},
                            {"error", nullptr},
                            {"content", {{"member", member}, {"policy", "copied"}, {"sha256", Sha256Hex(content)}}},
                            {"why", {"test fixture"}}});
  if (!profile.empty()) files["files"].back()["content"]["profile"] = profile;
  contents[member] = content;
  return *this;
}

std::map<std::string, std::string> BundleContent::Members() const {
  std::map<std::string, std::string> members = contents;
  members[std::string(bundle::kProcessesMember)] = processes.dump(2) + "\n";
  members[std::string(bundle::kFilesMember)] = files.dump(2) + "\n";
  return members;
}

BundleContent WorkerBundle(const std::string& node) {
  BundleContent b;
  b.manifest = {
      {"format", bundle::kFormatName},
      {"format_version", bundle::kFormatVersion},
      {"collector", {{"name", "kubeproof-collect"}, {"version", "0.1.0"}}},
      {"node", {{"name", node}, {"cluster", "lab"}, {"hostname", node}, {"os_release", "Debian GNU/Linux 12 (bookworm)"},
                {"kernel_release", "6.1.0-18-amd64"}}},
      {"collection", {{"started_at", "2026-11-28T10:00:00Z"}, {"finished_at", "2026-11-28T10:00:01Z"},
                      {"options", {{"root", "/"}, {"proc", "/proc"}}}, {"process_view", "full"}}},
      {"kubernetes_versions", {{{"component", "kubelet"}, {"version", "v1.20.4"}, {"source", "test fixture"}}}},
      {"redactions", {{{"member", "files/etc/kubernetes/kubelet.conf"}, {"field", "client-key-data"},
                       {"reason", "kubeconfig credential"}}}},
      {"skipped", {{{"path", "/var/lib/kubelet/pki/kubelet.key"}, {"reason", "private key: stat only by policy"}}}},
      {"truncated", nlohmann::json::array()},
      {"problems", nlohmann::json::array()}};
  b.processes = {{"processes",
                  {{{"pid", 1120},
                    {"start_time", 4711},
                    {"uid", 0},
                    {"component", "kubelet"},
                    {"argv", {"/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
                              "--kubeconfig=/etc/kubernetes/kubelet.conf", "--anonymous-auth=false"}},
                    {"redacted_args", nlohmann::json::array()}}}}};
  b.files = {{"files", nlohmann::json::array()}};
  b.AddFile("/var/lib/kubelet/config.yaml",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            "authentication:\n  anonymous:\n    enabled: false\nreadOnlyPort: 0\n",
            "0644", "kubelet-config");
  b.AddFile("/etc/kubernetes/kubelet.conf",
            "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: lab\n",
            "0600", "kubeconfig");
  return b;
}

std::vector<TarEntry> SignedEntries(const BundleContent& content) {
  auto members = content.Members();
  DigestMap digests;
  nlohmann::json manifest = content.manifest;
  manifest["members"] = nlohmann::json::array();
  for (const auto& [name, data] : members) {
    std::string digest = Sha256Hex(data);
    manifest["members"].push_back({{"path", name}, {"size", data.size()}, {"sha256", digest}});
    digests.emplace(name, std::move(digest));
  }
  std::string manifest_text = manifest.dump(2) + "\n";
  digests.emplace(bundle::kManifestMember, Sha256Hex(manifest_text));
  std::vector<TarEntry> entries;
  entries.push_back({std::string(bundle::kSumsMember), '0', FormatSha256Sums(digests), {}, std::nullopt, {}});
  entries.push_back({std::string(bundle::kManifestMember), '0', manifest_text, {}, std::nullopt, {}});
  for (const auto& [name, data] : members) entries.push_back({name, '0', data, {}, std::nullopt, {}});
  return entries;
}

std::string TarOf(const std::vector<TarEntry>& entries) {
  TarBuilder tar;
  for (const auto& e : entries) tar.Add(e);
  return tar.Finish();
}

TarEntry& EntryNamed(std::vector<TarEntry>& entries, const std::string& name) {
  for (auto& e : entries) {
    if (e.name == name) return e;
  }
  throw std::runtime_error("no entry " + name);
}

void ReplaceManifest(std::vector<TarEntry>& entries, const nlohmann::json& manifest) {
  std::string text = manifest.is_string() ? manifest.get<std::string>() : manifest.dump(2) + "\n";
  EntryNamed(entries, std::string(bundle::kManifestMember)).data = text;
  std::string& sums_text = EntryNamed(entries, std::string(bundle::kSumsMember)).data;
  auto sums = ParseSha256Sums(sums_text);
  if (!sums.ok()) throw std::runtime_error("SHA256SUMS: " + sums.status().message());
  (*sums)[std::string(bundle::kManifestMember)] = Sha256Hex(text);
  sums_text = FormatSha256Sums(*sums);
}

std::string WriteBundle(const BundleContent& content) {
  BundleWriter writer;
  for (const auto& [name, data] : content.Members()) {
    if (!writer.Add(name, data).ok()) throw std::runtime_error("bundle writer refused member " + name);
  }
  auto bytes = writer.Finish(content.manifest, 1700000000);
  if (!bytes.ok()) throw std::runtime_error("bundle writer: " + bytes.status().message());
  return std::move(*bytes);
}

std::string WriteSignedBundle(const BundleContent& content, const SigningKey& key) {
  BundleWriter writer;
  for (const auto& [name, data] : content.Members()) {
    if (!writer.Add(name, data).ok()) throw std::runtime_error("bundle writer refused member " + name);
  }
  nlohmann::json manifest = content.manifest;
  manifest["signed_by"] = Fingerprint(key.public_key());
  auto bytes = writer.Finish(manifest, 1700000000, &key);
  if (!bytes.ok()) throw std::runtime_error("bundle writer: " + bytes.status().message());
  return std::move(*bytes);
}

std::map<std::string, std::string> BundleMembers(const std::string& bytes) { return UnpackBundle(bytes); }

std::string PackMembers(const std::map<std::string, std::string>& members) {
  std::vector<TarEntry> entries;
  for (std::string_view first : {bundle::kSumsMember, bundle::kSignatureMember, bundle::kManifestMember}) {
    if (auto it = members.find(std::string(first)); it != members.end()) {
      entries.push_back({it->first, '0', it->second, {}, std::nullopt, {}});
    }
  }
  for (const auto& [name, data] : members) {
    if (name != bundle::kSumsMember && name != bundle::kSignatureMember && name != bundle::kManifestMember) {
      entries.push_back({name, '0', data, {}, std::nullopt, {}});
    }
  }
  return Gzip(TarOf(entries));
}

std::string RestampedBundle(const std::string& bytes, const std::string& started_at) {
  std::map<std::string, std::string> members = UnpackBundle(bytes);
  if (members.count(std::string(bundle::kManifestMember)) == 0) throw std::runtime_error("restamp: no manifest");
  nlohmann::json manifest = nlohmann::json::parse(members.at(std::string(bundle::kManifestMember)));
  manifest["collection"]["started_at"] = started_at;
  manifest["collection"]["finished_at"] = started_at;
  manifest.erase("members");  // the writer lists them again
  BundleWriter writer;
  for (const auto& [name, data] : members) {
    if (name == bundle::kManifestMember || name == bundle::kSumsMember) continue;
    if (!writer.Add(name, data).ok()) throw std::runtime_error("restamp: bundle writer refused member " + name);
  }
  auto restamped = writer.Finish(manifest, 1700000000);
  if (!restamped.ok()) throw std::runtime_error("restamp: " + restamped.status().message());
  return std::move(*restamped);
}

std::string ArchiveInFormat(int (*set_format)(struct archive*)) {
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), "SHA256SUMS");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), 5);
  if (set_format(a.get()) != ARCHIVE_OK ||
      archive_write_open2(a.get(), &out, nullptr, AppendToString, nullptr, nullptr) != ARCHIVE_OK ||
      archive_write_header(a.get(), entry.get()) != ARCHIVE_OK || archive_write_data(a.get(), "hello", 5) != 5 ||
      archive_write_close(a.get()) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("other format: ") + archive_error_string(a.get()));
  }
  return out;
}

std::vector<HostileBundle> HostileBundles(const std::filesystem::path& dir, const std::filesystem::path& cache_dir) {
  constexpr int kCorrupt = static_cast<int>(Status::Code::kCorrupt);
  constexpr int kUnsupported = static_cast<int>(Status::Code::kUnsupported);
  constexpr int kLimit = static_cast<int>(Status::Code::kLimit);
  std::vector<HostileBundle> out;
  int counter = 0;
  auto add = [&](std::string name, const std::string& bytes, int code, std::string message) {
    auto path = WriteFile(dir / ("hostile-" + std::to_string(counter++) + ".tar.gz"), bytes);
    out.push_back({std::move(name), path, code, std::move(message)});
  };
  auto with = [](TarEntry extra) {
    auto entries = SignedEntries(WorkerBundle());
    entries.push_back(std::move(extra));
    return Gzip(TarOf(entries));
  };
  auto entry = [](std::string name, char type = '0', std::string data = "x", std::string link = "") {
    return TarEntry{std::move(name), type, std::move(data), std::move(link), std::nullopt, {}};
  };
  auto copy = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };

  add("member ../../x", with(entry("../../x")), kCorrupt, "member ../../x: name not allowed: '..' component");
  add("member /etc/passwd", with(entry("/etc/passwd")), kCorrupt, "member /etc/passwd: name not allowed: absolute path");
  add("symlink member", with(entry("files/etc/shadow", '2', "", "/etc/shadow")), kCorrupt,
      "member files/etc/shadow: is a symlink");
  add("hardlink member", with(entry("files/link", '1', "", "manifest.json")), kCorrupt, "member files/link: is a hardlink");
  add("device member", with(entry("files/dev/sda", '4', "")), kCorrupt, "member files/dev/sda: is a block device");
  add("FIFO member", with(entry("files/run/fifo", '6', "")), kCorrupt, "member files/run/fifo: is a FIFO");
  add("duplicate member", with(entry("files/var/lib/kubelet/config.yaml", '0', "readOnlyPort: 10255\n")), kCorrupt,
      "member files/var/lib/kubelet/config.yaml: appears twice");
  add("gzip bomb", copy(CachedGzipBomb(cache_dir)), kLimit, "decompresses to more than 134217728 bytes (limit)");
  add("zstd bomb", copy(CachedZstdBomb(cache_dir)), kLimit, "decompresses to more than 134217728 bytes (limit)");
  TarEntry sparse = entry("files/sparse", '0', std::string(1024, 's'));
  sparse.pax = {{"GNU.sparse.size", "1048576"}, {"GNU.sparse.map", "0,512,1047552,512"}};
  add("sparse member", with(sparse), kCorrupt, "member files/sparse: is a sparse file");
  add("a million empty entries", copy(CachedEmptyEntries(cache_dir, 1000000)), kLimit,
      "decompresses to more than 134217728 bytes (limit)");
  add("64 KiB name", with(entry("files/" + std::string(64 * 1024, 'a'))), kCorrupt,
      "name not allowed: longer than 1024 bytes");
  std::string deep = "files";
  for (int i = 0; i < 300; ++i) deep += "/d";
  add("300-level path", with(entry(deep)), kCorrupt, "name not allowed: more than 64 components");
  add("non-UTF-8 name", with(entry("files/caf\xe9")), kCorrupt, "member files/caf\\xe9: name not allowed: not valid UTF-8");
  add("control-character name", with(entry("files/evil\nname")), kCorrupt,
      "member files/evil\\x0aname: name not allowed: control character");
  std::string good = WriteBundle(WorkerBundle());
  add("truncated archive", good.substr(0, good.size() / 2), kCorrupt, "truncated or corrupt");
  add("trailing bytes", good + "trailing", kCorrupt, "data after the end of the compressed stream");
  add("zip renamed to .tar.gz", ArchiveInFormat(archive_write_set_format_zip), kCorrupt, "not gzip or zstd compressed");
  add("7z renamed to .tar.gz", ArchiveInFormat(archive_write_set_format_7zip), kCorrupt, "not gzip or zstd compressed");
  add("mtree renamed to .tar.gz", ArchiveInFormat(archive_write_set_format_mtree), kCorrupt, "not gzip or zstd compressed");
  add("plain text renamed to .tar.gz", "this is not a bundle\n", kCorrupt, "not gzip or zstd compressed");
  std::string tar = Decompress(good);
  tar[tar.find("readOnlyPort: 0") + 14] = '1';
  add("one byte flipped in a member", Gzip(tar), kCorrupt, "member files/var/lib/kubelet/config.yaml: SHA-256 mismatch");

  auto entries = SignedEntries(WorkerBundle());
  auto manifest = nlohmann::json::parse(EntryNamed(entries, std::string(bundle::kManifestMember)).data);
  auto trimmed = manifest;
  trimmed["members"].erase(trimmed["members"].begin());
  ReplaceManifest(entries, trimmed);
  add("member missing from the manifest", Gzip(TarOf(entries)), kCorrupt,
      "SHA256SUMS lists evidence/files.json, manifest.json does not");
  entries = SignedEntries(WorkerBundle());
  entries.push_back(entry("files/etc/extra.conf", '0', "smuggled\n"));
  add("member extra to the manifest", Gzip(TarOf(entries)), kCorrupt,
      "member files/etc/extra.conf: not listed in SHA256SUMS");
  entries = SignedEntries(WorkerBundle());
  auto newer = manifest;
  newer["format_version"] = 2;
  ReplaceManifest(entries, newer);
  add("manifest of a newer format version", Gzip(TarOf(entries)), kUnsupported, "format version 2 is not supported");
  entries = SignedEntries(WorkerBundle());
  ReplaceManifest(entries, nlohmann::json("{\"format\": \"kubeproof-bundle\", \"format_version\": 1,"));
  add("malformed manifest JSON", Gzip(TarOf(entries)), kCorrupt, "manifest.json: malformed JSON");

  BundleContent bomb = WorkerBundle();
  std::string yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    yaml += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int i = 0; i < 9; ++i) yaml += (i ? ",*" : "*") + std::string(1, static_cast<char>(c - 1));
    yaml += "]\n";
  }
  bomb.files["files"].clear();
  bomb.contents.clear();
  bomb.AddFile("/var/lib/kubelet/config.yaml", yaml, "0644");
  add("YAML alias bomb in the kubelet config", WriteBundle(bomb), kLimit,
      "member files/var/lib/kubelet/config.yaml: more than 200000 nodes");
  BundleContent nested = WorkerBundle();
  nested.files["files"].clear();
  nested.contents.clear();
  nested.AddFile("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\nx: " + std::string(10000, '[') +
                                                  std::string(10000, ']') + "\n", "0644");
  add("10,000-deep nesting in the kubelet config", WriteBundle(nested), kLimit,
      "member files/var/lib/kubelet/config.yaml: nesting deeper than 64");
  return out;
}

ScratchDir::ScratchDir(const std::string& name)
    : path_(std::filesystem::temp_directory_path() / "kubeproof-tests" / (name + "-" + std::to_string(::getpid()))) {
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
  return path;
}

std::filesystem::path CachedGzipBomb(const std::filesystem::path& cache_dir, int gib) {
  return Cached(cache_dir / ("gzip-bomb-" + std::to_string(gib) + "gib.tar.gz"), [gib](Compressor& c) {
    const std::string zeros(1 << 20, '\0');
    for (int i = 0; i < gib * 1024; ++i) c.Write(zeros);
  }, Compression::kGzip, /*wrap_twice=*/true);
}

std::filesystem::path CachedZstdBomb(const std::filesystem::path& cache_dir, int gib) {
  return Cached(cache_dir / ("zstd-bomb-" + std::to_string(gib) + "gib.tar.zst"), [gib](Compressor& c) {
    const std::string zeros(1 << 20, '\0');
    for (int i = 0; i < gib * 1024; ++i) c.Write(zeros);
  }, Compression::kZstd, /*wrap_twice=*/true);
}

std::filesystem::path CachedEmptyEntries(const std::filesystem::path& cache_dir, std::size_t count) {
  return Cached(cache_dir / ("empty-entries-" + std::to_string(count) + ".tar.zst"), [count](Compressor& c) {
    std::string chunk;
    for (std::size_t i = 0; i < count; ++i) {
      chunk += TarHeader("e/" + std::to_string(i), '0', 0);
      if (chunk.size() >= (1 << 20)) {
        c.Write(chunk);
        chunk.clear();
      }
    }
    chunk.append(2 * kBlock, '\0');
    c.Write(chunk);
  }, Compression::kZstd, /*wrap_twice=*/false);
}

}  // namespace kubeproof::testing
