// Helpers for collector tests: temp node trees, running the collector binary, unpacking bundles.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubeproof::testing {

// A directory under /tmp removed (recursively) when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string templ = "/tmp/kubeproof-collector-test-XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    path_ = mkdtemp(buf.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes `content` at `root`/`rel` (parents created) with `mode`.
inline void WriteFile(const std::string& root, const std::string& rel, const std::string& content,
                      mode_t mode = 0644) {
  std::filesystem::path p = std::filesystem::path(root) / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  chmod(p.c_str(), mode);
}

// Writes a fake <proc>/<pid> entry: NUL-joined argv, a stat line with `start_time`, a uid.
inline void WriteProcess(const std::string& proc, int pid, const std::vector<std::string>& argv,
                         long start_time = 1000, int uid = 0) {
  std::string cmdline;
  for (const std::string& a : argv) cmdline += a + std::string(1, '\0');
  std::string dir = std::to_string(pid);
  WriteFile(proc, dir + "/cmdline", cmdline);
  std::string stat = dir + " (comm) S 1 1 1 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 " +
                     std::to_string(start_time) + " 1000 100\n";
  WriteFile(proc, dir + "/stat", stat);
  WriteFile(proc, dir + "/status",
            "Name:\tcomm\nUid:\t" + std::to_string(uid) + "\t" + std::to_string(uid) + "\t0\t0\n");
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Member name -> content of a .tar.gz held in memory; empty on a broken archive.
inline std::map<std::string, std::string> UnpackBundle(const std::string& bytes) {
  std::map<std::string, std::string> members;
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) return {};
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
    std::string content;
    char buf[8192];
    la_ssize_t n = 0;
    while ((n = archive_read_data(a.get(), buf, sizeof(buf))) > 0) content.append(buf, static_cast<size_t>(n));
    members[archive_entry_pathname(entry)] = content;
  }
  return members;
}

// The process records of processes.json.
inline nlohmann::json Processes(const std::map<std::string, std::string>& members) {
  return nlohmann::json::parse(members.at("evidence/processes.json"))["processes"];
}

// The files.json record for `path`, or null.
inline nlohmann::json FileRecord(const std::map<std::string, std::string>& members,
                                 const std::string& path) {
  nlohmann::json files = nlohmann::json::parse(members.at("evidence/files.json"))["files"];
  for (const auto& f : files) {
    if (f["path"] == path) return f;
  }
  return nullptr;
}

// True when `needle` appears in any member.
inline bool AnyMemberContains(const std::map<std::string, std::string>& members,
                              const std::string& needle) {
  for (const auto& [name, content] : members) {
    if (content.find(needle) != std::string::npos || name.find(needle) != std::string::npos) return true;
  }
  return false;
}

inline std::string CollectorBinary() { return std::string(KUBEPROOF_BINARY_DIR) + "/bin/kubeproof-collect"; }

// Runs a shell command, returns its exit status (-1 if it did not exit normally).
inline int RunShell(const std::string& command) {
  int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// Extracts a bundle file with tar and runs `sha256sum -c` on it: what an auditor would do.
inline bool VerifiesWithSha256sum(const std::string& bundle_path) {
  TempDir dir;
  return RunShell("tar -xzf '" + bundle_path + "' -C '" + dir.path() + "' && cd '" + dir.path() +
                  "' && sha256sum --quiet -c SHA256SUMS >/dev/null") == 0;
}

}  // namespace kubeproof::testing
