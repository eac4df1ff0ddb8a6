// FileExaminer: turns node paths into files.json stat records and bundle members, applying the
// copy / redact / stat-only policy of each FileKind and following the paths files name.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "collector/bundle_writer.h"
#include "collector/file_kind.h"
#include "collector/node_root.h"
#include "collector/user_names.h"

namespace kubeproof {

struct ExamineLimits {
  std::size_t max_file_bytes = 1 << 20;
  std::size_t max_total_bytes = 64 << 20;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// One line of the manifest's redactions/skipped/truncated/problems lists.
struct ManifestNote {
  std::string path;    // member for redactions, node path otherwise
  std::string detail;  // field, reason, problem
  std::string reason;  // redactions only
  std::size_t limit = 0;  // truncated only
};

class FileExaminer {
 public:
  FileExaminer(const NodeRoot& root, const UserNames& names, ExamineLimits limits,
               BundleWriter& writer)
      : root_(root), names_(names), limits_(limits), writer_(writer) {}

  // Examines `path` as `kind`; `component` (a ComponentBit, or 0) says whose flags to follow in
  // units and env files. A path already examined only gains another `why`.
  void Examine(const std::string& path, FileKind kind, const std::string& why,
               std::uint32_t component = 0);

  // Adds a note for something that went wrong without stopping the run.
  void AddProblem(const std::string& path, const std::string& problem);
  void AddRedaction(const std::string& member, const std::string& field, const std::string& reason);
  // Sets the status of `path`'s record (examined before) to why a read of it failed: for files
  // read outside the examiner, such as version sources.
  void NoteReadFailure(const std::string& path, const FileRead& read);

  // files.json's "files" array, sorted by path.
  nlohmann::json FileRecords() const;
  nlohmann::json Redactions() const;
  nlohmann::json Skipped() const;
  nlohmann::json Truncated() const;
  nlohmann::json Problems() const;

  // Static pod manifests copied, for the version scan: node path -> stored content.
  const std::map<std::string, std::string>& manifests() const { return manifests_; }
  std::size_t copied_files() const { return copied_files_; }
  std::size_t redaction_count() const { return redactions_.size(); }
  std::size_t problem_count() const { return problems_.size(); }
  bool time_up() const { return time_up_; }

 private:
  void ExamineAt(const std::string& path, FileKind kind, const std::string& why,
                 std::uint32_t component, int depth);
  // Examines the entries; returns the errno when the directory could not be listed, else 0.
  int ExamineDirectory(const std::string& path, FileKind kind, const std::string& why,
                       std::uint32_t component, int depth);
  void ExamineFile(nlohmann::json& record, const std::string& path, const struct stat& st,
                   FileKind kind, std::uint32_t component, int depth);
  void FollowReferences(const std::string& path, const std::string& content, FileKind kind,
                        std::uint32_t component, int depth);
  void Skip(const std::string& path, const std::string& reason);
  // Takes back the copy of a file found later to be another name of a secret file.
  void WithdrawCopy(std::pair<dev_t, ino_t> inode);
  bool TimeUp();

  const NodeRoot& root_;
  const UserNames& names_;
  ExamineLimits limits_;
  BundleWriter& writer_;
  std::map<std::string, nlohmann::json> records_;
  std::map<std::string, std::string> manifests_;
  std::vector<ManifestNote> redactions_;
  std::vector<ManifestNote> skipped_;
  std::vector<ManifestNote> truncated_;
  std::vector<ManifestNote> problems_;
  std::set<std::pair<dev_t, ino_t>> secret_inodes_;
  std::map<std::pair<dev_t, ino_t>, std::string> copied_inodes_;  // inode -> node path copied
  std::size_t total_bytes_ = 0;
  std::size_t copied_files_ = 0;
  bool time_up_ = false;
  bool total_cap_noted_ = false;
};

}  // namespace kubeproof
