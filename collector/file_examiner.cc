#include "collector/file_examiner.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "collector/content_references.h"
#include "collector/flag_table.h"
#include "collector/well_known_paths.h"
#include "common/bundle_layout.h"
#include "common/content_filter.h"
#include "common/member_name.h"
#include "common/sha256.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

// Deep enough for any PKI layout, shallow enough that a hostile tree cannot recurse forever.
constexpr int kMaxDepth = 12;
constexpr std::size_t kMaxDirectoryEntries = 4096;

const char* TypeName(mode_t mode) {
  if (S_ISREG(mode)) return "file";
  if (S_ISDIR(mode)) return "dir";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISCHR(mode)) return "char";
  if (S_ISBLK(mode)) return "block";
  return "unknown";
}

std::string ModeString(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsConfigName(const std::string& name) {
  return EndsWith(name, ".yaml") || EndsWith(name, ".yml") || EndsWith(name, ".json") ||
         EndsWith(name, ".conf") || EndsWith(name, ".conflist") || EndsWith(name, ".manifest");
}

// The kind that decides a regular file's handling: directory kinds map to their entries' kind,
// and a name that says "key" or "token" overrides what the caller expected.
FileKind KindForFile(const std::string& path, FileKind kind) {
  std::string name = Lower(Basename(path));
  if (EndsWith(name, ".key")) return FileKind::kPrivateKey;
  switch (kind) {
    case FileKind::kPkiTree:
      if (name.find("token") != std::string::npos || name.find("passw") != std::string::npos) {
        return FileKind::kSecretFile;
      }
      if (EndsWith(name, ".crt") || EndsWith(name, ".pem") || EndsWith(name, ".pub") ||
          EndsWith(name, ".cert") || EndsWith(name, ".crl")) {
        return FileKind::kCertificate;
      }
      if (EndsWith(name, ".kubeconfig") || EndsWith(name, ".conf")) return FileKind::kKubeconfig;
      return FileKind::kStatOnly;
    case FileKind::kStaticPodDir: return FileKind::kPodManifest;
    case FileKind::kCniConfigDir: return FileKind::kCniConfig;
    case FileKind::kRancherConfigDir: return FileKind::kRancherConfig;
    case FileKind::kKubeletConfigDir: return FileKind::kKubeletConfig;
    case FileKind::kRuntimeConfigDir: return FileKind::kRuntimeConfig;
    case FileKind::kUnitDropinDir: return FileKind::kSystemdUnit;
    case FileKind::kArgsDir: return FileKind::kEnvFile;
    case FileKind::kDataDir: return FileKind::kStatOnly;
    // Only the node's own account and release files are kept whole, whatever links to them.
    case FileKind::kPlain: return IsPlainPath(path) ? kind : FileKind::kStatOnly;
    default: break;
  }
  if (IsStatOnlyKind(kind) || kind == FileKind::kKubeconfig) return kind;
  if (name.find("token") != std::string::npos || name.find("password") != std::string::npos || name == "passwd") {
    return FileKind::kSecretFile;
  }
  return kind;
}

FileKind EntryKind(FileKind dir_kind, const std::string& name) {
  switch (dir_kind) {
    case FileKind::kStaticPodDir: return IsConfigName(name) ? FileKind::kPodManifest : FileKind::kStatOnly;
    case FileKind::kCniConfigDir: return IsConfigName(name) ? FileKind::kCniConfig : FileKind::kStatOnly;
    case FileKind::kRancherConfigDir: return IsConfigName(name) ? FileKind::kRancherConfig : FileKind::kStatOnly;
    case FileKind::kKubeletConfigDir:
      return IsConfigName(name) ? FileKind::kKubeletConfig : FileKind::kStatOnly;
    case FileKind::kUnitDropinDir:
      return EndsWith(name, ".conf") ? FileKind::kSystemdUnit : FileKind::kStatOnly;
    case FileKind::kRuntimeConfigDir:
      return EndsWith(name, ".conf") ? FileKind::kRuntimeConfig : FileKind::kStatOnly;
    case FileKind::kArgsDir: return FileKind::kEnvFile;
    default: return dir_kind;  // kPkiTree recurses as itself
  }
}

// Kinds whose content is a secret: never read (a certificate is read to hash it, a version
// source for its versions: neither is secret).
bool IsSecretKind(FileKind kind) {
  return IsStatOnlyKind(kind) && kind != FileKind::kCertificate && kind != FileKind::kVersionSource;
}

// The kind the well-known table gives `path`, if any.
std::optional<FileKind> WellKnownKindOf(const std::string& path) {
  for (const WellKnownPath& known : WellKnownPaths()) {
    if (known.path == path) return known.kind;
  }
  return std::nullopt;
}

// A link's target is handled as the stricter of the link's kind and the target's own.
FileKind StricterKind(FileKind requested, std::optional<FileKind> own) {
  if (!own || IsDirectoryKind(*own) != IsDirectoryKind(requested)) return requested;
  return IsStatOnlyKind(*own) && !IsStatOnlyKind(requested) ? *own : requested;
}

ContentProfile ProfileFor(FileKind kind, const std::string& path) {
  switch (kind) {
    case FileKind::kKubeconfig: return ContentProfile::kKubeconfig;
    case FileKind::kEncryptionConfig: return ContentProfile::kEncryptionConfig;
    case FileKind::kKubeadmConfig: return ContentProfile::kKubeadmConfig;
    case FileKind::kPodManifest: return ContentProfile::kPodManifest;
    case FileKind::kKubeletConfig: return ContentProfile::kKubeletConfig;
    case FileKind::kComponentConfig: return ContentProfile::kComponentConfig;
    case FileKind::kAuditPolicy: return ContentProfile::kAuditPolicy;
    case FileKind::kAdmissionConfig: return ContentProfile::kAdmissionConfig;
    case FileKind::kEtcdConfig: return ContentProfile::kEtcdConfig;
    case FileKind::kRancherConfig: return ContentProfile::kRancherConfig;
    case FileKind::kCniConfig: return ContentProfile::kCniConfig;
    case FileKind::kRuntimeConfig: return ContentProfile::kRuntimeConfig;
    case FileKind::kSystemdUnit: return ContentProfile::kSystemdUnit;
    case FileKind::kPlain: return ContentProfile::kPlain;
    // microk8s keeps each component's flags in a file of their own under args/.
    case FileKind::kEnvFile:
      return path.find("/args/") != std::string::npos ? ContentProfile::kArgumentsFile : ContentProfile::kEnvironmentFile;
    default: return ContentProfile::kOtherConfig;
  }
}

void SetStatus(nlohmann::json& record, std::string_view status, int error_number) {
  record["status"] = status;
  record["error"] = error_number != 0 ? nlohmann::json(std::strerror(error_number)) : nlohmann::json();
}

std::string_view StatusFor(PathInfo::Outcome outcome) {
  switch (outcome) {
    case PathInfo::Outcome::kOk: return bundle::kStatusOk;
    case PathInfo::Outcome::kAbsent: return bundle::kStatusAbsent;
    case PathInfo::Outcome::kDenied: return bundle::kStatusDenied;
    case PathInfo::Outcome::kError: return bundle::kStatusError;
  }
  return bundle::kStatusError;
}

nlohmann::json NoteArray(std::vector<ManifestNote> notes, const char* path_key,
                         const char* detail_key) {
  std::stable_sort(notes.begin(), notes.end(),
                   [](const ManifestNote& a, const ManifestNote& b) { return a.path < b.path; });
  nlohmann::json out = nlohmann::json::array();
  for (const ManifestNote& note : notes) {
    nlohmann::json item = {{path_key, note.path}, {detail_key, note.detail}};
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

bool FileExaminer::TimeUp() {
  if (time_up_) return true;
  if (std::chrono::steady_clock::now() < limits_.deadline) return false;
  time_up_ = true;
  AddProblem("", "time limit reached: collection stopped early, later paths not examined");
  return true;
}

void FileExaminer::AddProblem(const std::string& path, const std::string& problem) {
  problems_.push_back({path, problem, "", 0});
}

void FileExaminer::AddRedaction(const std::string& member, const std::string& field,
                                const std::string& reason) {
  redactions_.push_back({member, field, reason, 0});
}

void FileExaminer::Skip(const std::string& path, const std::string& reason) {
  skipped_.push_back({path, reason, "", 0});
}

void FileExaminer::Examine(const std::string& path, FileKind kind, const std::string& why,
                           std::uint32_t component) {
  ExamineAt(path, kind, why, component, 0);
}

void FileExaminer::ExamineAt(const std::string& raw_path, FileKind kind, const std::string& why,
                             std::uint32_t component, int depth) {
  std::string path = NormalizeNodePath(raw_path);
  if (auto it = records_.find(path); it != records_.end()) {
    nlohmann::json& whys = it->second["why"];
    if (std::find(whys.begin(), whys.end(), why) == whys.end()) whys.push_back(why);
    // Met first under a name that allowed a copy, now under a secret one: the secret name wins.
    if (IsSecretKind(kind)) {
      for (const auto& [inode, copied] : copied_inodes_) {
        if (copied != path) continue;
        secret_inodes_.insert(inode);
        WithdrawCopy(inode);
        break;
      }
    }
    return;
  }
  if (depth > kMaxDepth || TimeUp()) return;

  PathInfo info = root_.Stat(path, /*follow=*/false);
  nlohmann::json& record = records_[path];
  record = {{"path", path},        {"status", StatusFor(info.outcome)},
            {"type", nullptr},     {"mode", nullptr},
            {"uid", nullptr},      {"gid", nullptr},
            {"owner", nullptr},    {"group", nullptr},
            {"size", nullptr},     {"mtime", nullptr},
            {"link_target", nullptr}, {"error", nullptr},
            {"content", nullptr},  {"why", nlohmann::json::array({why})}};
  if (info.outcome != PathInfo::Outcome::kOk) {
    if (info.outcome != PathInfo::Outcome::kAbsent) SetStatus(record, record["status"].get<std::string>(), info.error_number);
    return;
  }
  const struct stat& st = info.st;
  record["type"] = TypeName(st.st_mode);
  record["mode"] = ModeString(st.st_mode);
  record["uid"] = st.st_uid;
  record["gid"] = st.st_gid;
  if (auto owner = names_.User(st.st_uid)) record["owner"] = *owner;
  if (auto group = names_.Group(st.st_gid)) record["group"] = *group;
  record["size"] = st.st_size;
  record["mtime"] = FormatUtc(st.st_mtim.tv_sec);

  if (S_ISLNK(st.st_mode)) {
    record["link_target"] = info.link_target;
    PathInfo target = root_.Stat(path, /*follow=*/true);
    if (target.outcome != PathInfo::Outcome::kOk) {
      // The link exists but names nothing usable (dangling, a loop, denied): say so here.
      SetStatus(record, StatusFor(target.outcome), target.error_number);
      return;
    }
    if (depth > 0 && S_ISDIR(target.st.st_mode)) {
      // Inside a walked tree a link to a directory (pki/up -> ..) would revisit the tree, or
      // examine another one under this tree's rules: the link is recorded, not followed.
      Skip(path, "link to a directory inside a walked tree: not followed");
      return;
    }
    ExamineAt(target.resolved_path, StricterKind(kind, WellKnownKindOf(target.resolved_path)), why, component,
              depth + 1);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    // A directory that cannot be listed hides its entries: its record says so, stat data kept.
    int error = IsDirectoryKind(kind) ? ExamineDirectory(path, kind, why, component, depth) : 0;
    if (error != 0) SetStatus(record, StatusFor(error == EACCES || error == EPERM ? PathInfo::Outcome::kDenied
                                                                                    : PathInfo::Outcome::kError),
                              error);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    SetStatus(record, bundle::kStatusNotRegular, 0);
    return;
  }
  ExamineFile(record, path, st, KindForFile(path, kind), component, depth);
}

int FileExaminer::ExamineDirectory(const std::string& path, FileKind kind, const std::string& why,
                                   std::uint32_t component, int depth) {
  if (kind == FileKind::kDataDir) return 0;  // the directory itself is the evidence
  int error = 0;
  Result<std::vector<std::string>> names = root_.ListDirectory(path, &error);
  if (!names.ok()) {
    AddProblem(path, "cannot list directory: " + names.status().message());
    return error != 0 ? error : EIO;
  }
  if (names->size() > kMaxDirectoryEntries) {
    AddProblem(path, "directory has " + std::to_string(names->size()) + " entries; only the first " +
                         std::to_string(kMaxDirectoryEntries) + " examined");
    names->resize(kMaxDirectoryEntries);
  }
  std::string prefix = path == "/" ? "" : path;
  for (const std::string& name : *names) {
    ExamineAt(prefix + "/" + name, EntryKind(kind, name), why, component, depth + 1);
  }
  return 0;
}

void FileExaminer::ExamineFile(nlohmann::json& record, const std::string& path,
                               const struct stat& st, FileKind kind, std::uint32_t component,
                               int depth) {
  // A file is as secret as the strictest name it has: a link from a copied path to a secret
  // file, or a second hard link of one, is stat only too.
  const std::pair<dev_t, ino_t> inode{st.st_dev, st.st_ino};
  if (IsSecretKind(kind)) {
    secret_inodes_.insert(inode);
    WithdrawCopy(inode);
  } else if (secret_inodes_.count(inode) != 0) {
    Skip(path, "another name of a secret file: stat only by policy");
    return;
  }
  switch (kind) {
    case FileKind::kPrivateKey: Skip(path, "private key: stat only by policy"); return;
    case FileKind::kSecretFile: Skip(path, "token or password file: stat only by policy"); return;
    case FileKind::kStatOnly:
    case FileKind::kDataDir: Skip(path, "stat only by policy"); return;
    // Read by the version sources' own readers (version_sources.h), which keep only versions.
    case FileKind::kVersionSource: Skip(path, "read for Kubernetes versions only: not copied"); return;
    default: break;
  }
  auto size = static_cast<std::size_t>(st.st_size);
  if (size > limits_.max_file_bytes) {
    SetStatus(record, bundle::kStatusTooLarge, 0);
    truncated_.push_back({path, "", "", limits_.max_file_bytes});
    return;
  }
  if (total_bytes_ + size > limits_.max_total_bytes) {
    if (!total_cap_noted_) {
      AddProblem("", "total byte cap reached: later files recorded by stat only");
      total_cap_noted_ = true;
    }
    Skip(path, "total byte cap reached");
    return;
  }
  FileRead read = root_.ReadFile(path, limits_.max_file_bytes);
  switch (read.outcome) {
    case FileRead::Outcome::kOk: break;
    case FileRead::Outcome::kAbsent: SetStatus(record, bundle::kStatusAbsent, 0); return;
    case FileRead::Outcome::kDenied: SetStatus(record, bundle::kStatusDenied, read.error_number); return;
    case FileRead::Outcome::kNotRegular: SetStatus(record, bundle::kStatusNotRegular, 0); return;
    case FileRead::Outcome::kTooLarge:
      SetStatus(record, bundle::kStatusTooLarge, 0);
      truncated_.push_back({path, "", "", limits_.max_file_bytes});
      return;
    case FileRead::Outcome::kError: SetStatus(record, bundle::kStatusError, read.error_number); return;
  }
  const std::string& content = read.content;
  nlohmann::json stat_only = {{"member", nullptr}, {"policy", bundle::kPolicyStatOnly}, {"sha256", nullptr}};
  if (kind == FileKind::kCertificate) {
    if (content.find("PRIVATE KEY") != std::string::npos) {
      record["content"] = stat_only;
      Skip(path, "content holds a PEM private key");
      return;
    }
    stat_only["sha256"] = Sha256Hex(content);
    record["content"] = stat_only;
    Skip(path, "certificate: hashed, not copied");
    return;
  }
  ContentProfile profile = ProfileFor(kind, path);
  Result<FilteredContent> filtered = FilterContent(content, profile);
  if (!filtered.ok()) {
    record["content"] = stat_only;
    Skip(path, "not kept: " + filtered.status().message());
    return;
  }
  std::string member = std::string(bundle::kContentPrefix) + path.substr(1);
  if (!IsValidMemberName(member)) {
    record["content"] = stat_only;
    Skip(path, "node path cannot be written as a bundle member name");
    return;
  }
  std::string stored = std::move(filtered->content);
  total_bytes_ += stored.size();
  if (FileKind::kPodManifest == kind) manifests_[path] = stored;
  bool redacted = !filtered->log.empty();
  // A digest of a file with withheld values would let anyone test guesses of those values.
  record["content"] = {{"member", member},
                       {"policy", redacted ? bundle::kPolicyRedacted : bundle::kPolicyCopied},
                       {"profile", ContentProfileName(profile)},
                       {"sha256", redacted ? nlohmann::json() : nlohmann::json(Sha256Hex(content))}};
  for (const RedactedField& field : filtered->log.entries()) {
    AddRedaction(member, field.field, std::string(RedactionReasonText(field.reason)));
  }
  if (filtered->log.dropped() > 0) {
    AddRedaction(member, std::to_string(filtered->log.dropped()) + " more fields", "not on the safe list");
  }
  std::string for_references = stored;
  if (Status s = writer_.Add(member, std::move(stored)); !s.ok()) {
    record["content"] = stat_only;
    AddProblem(path, s.message());
    return;
  }
  copied_inodes_[{st.st_dev, st.st_ino}] = path;
  ++copied_files_;
  FollowReferences(path, for_references, kind, component, depth);
}

void FileExaminer::NoteReadFailure(const std::string& path, const FileRead& read) {
  auto it = records_.find(NormalizeNodePath(path));
  if (it == records_.end()) return;
  switch (read.outcome) {
    case FileRead::Outcome::kOk: return;
    case FileRead::Outcome::kAbsent: SetStatus(it->second, bundle::kStatusAbsent, 0); return;
    case FileRead::Outcome::kDenied: SetStatus(it->second, bundle::kStatusDenied, read.error_number); return;
    case FileRead::Outcome::kNotRegular: SetStatus(it->second, bundle::kStatusNotRegular, 0); return;
    case FileRead::Outcome::kTooLarge: SetStatus(it->second, bundle::kStatusTooLarge, 0); return;
    case FileRead::Outcome::kError: SetStatus(it->second, bundle::kStatusError, read.error_number); return;
  }
}

void FileExaminer::WithdrawCopy(std::pair<dev_t, ino_t> inode) {
  auto copied = copied_inodes_.find(inode);
  if (copied == copied_inodes_.end()) return;
  const std::string& path = copied->second;
  nlohmann::json& record = records_[path];
  writer_.Remove(record["content"]["member"].get<std::string>());
  record["content"] = {{"member", nullptr}, {"policy", bundle::kPolicyStatOnly}, {"sha256", nullptr}};
  redactions_.erase(std::remove_if(redactions_.begin(), redactions_.end(),
                                   [&](const ManifestNote& n) { return n.path == std::string(bundle::kContentPrefix) + path.substr(1); }),
                    redactions_.end());
  manifests_.erase(path);
  --copied_files_;
  Skip(path, "another name of a secret file: stat only by policy");
  copied_inodes_.erase(copied);
}

void FileExaminer::FollowReferences(const std::string& path, const std::string& content,
                                    FileKind kind, std::uint32_t component, int depth) {
  std::vector<FileReference> refs;
  std::uint32_t owner = component;
  switch (kind) {
    case FileKind::kSystemdUnit:
    case FileKind::kEnvFile:
    case FileKind::kPodManifest:
      // A manifest says whose it is; a unit or env file inherits the component that named it.
      if (owner == 0 || kind == FileKind::kPodManifest) owner = ComponentOfFile(path, content);
      if (kind == FileKind::kSystemdUnit) refs = EnvironmentFileReferences(content);
      for (FileReference& ref : FlagReferences(content, owner)) refs.push_back(std::move(ref));
      break;
    case FileKind::kKubeletConfig:
    case FileKind::kComponentConfig:
    case FileKind::kKubeconfig: refs = ConfigKeyReferences(content, kind); break;
    case FileKind::kRuntimeConfig: refs = RuntimeConfigReferences(content); break;
    case FileKind::kRancherConfig:
      for (const PassThroughReference& pass : RancherConfigReferences(content)) {
        ExamineAt(pass.ref.path, pass.ref.kind, std::string(ComponentName(pass.component)) + " " +
                                                    pass.ref.label + " in " + path,
                  pass.component, depth + 1);
      }
      break;
    default: break;
  }
  for (const FileReference& ref : refs) {
    std::string why = ref.label + " in " + path;
    ExamineAt(ref.path, ref.kind, why, owner, depth + 1);
  }
}

nlohmann::json FileExaminer::FileRecords() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [path, record] : records_) out.push_back(record);
  return out;
}

nlohmann::json FileExaminer::Redactions() const {
  nlohmann::json out = nlohmann::json::array();
  std::vector<ManifestNote> sorted = redactions_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ManifestNote& a, const ManifestNote& b) { return a.path < b.path; });
  for (const ManifestNote& note : sorted) {
    out.push_back({{"member", note.path}, {"field", note.detail}, {"reason", note.reason}});
  }
  return out;
}

nlohmann::json FileExaminer::Skipped() const { return NoteArray(skipped_, "path", "reason"); }

nlohmann::json FileExaminer::Truncated() const {
  std::vector<ManifestNote> sorted = truncated_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ManifestNote& a, const ManifestNote& b) { return a.path < b.path; });
  nlohmann::json out = nlohmann::json::array();
  for (const ManifestNote& note : sorted) out.push_back({{"path", note.path}, {"limit", note.limit}});
  return out;
}

nlohmann::json FileExaminer::Problems() const { return NoteArray(problems_, "path", "problem"); }

}  // namespace kubeproof
