#include "collector/version_sources.h"

#include <array>
#include <cstring>
#include <set>

#include "collector/dpkg_status.h"
#include "collector/release_names.h"
#include "collector/rpm_history.h"
#include "collector/text_lines.h"

namespace kubeproof {
namespace {

using F = VersionFormat;

constexpr std::array kSources = {
    VersionSource{"/var/lib/dpkg/status", F::kDpkgStatus, 0,
                  "Debian package database: Kubernetes package versions"},
    // dnf rotates its own log (log_size 1 MB, log_rotate 4); yum's is rotated by logrotate.
    VersionSource{"/var/log/dnf.rpm.log", F::kRpmHistory, 4,
                  "dnf package log: Kubernetes package versions"},
    VersionSource{"/var/log/yum.log", F::kRpmHistory, 4,
                  "yum package log: Kubernetes package versions"},
    // amazon-eks-ami (AL2023, since 2024-10): install-worker.sh saves it, nodeadm reads it.
    VersionSource{"/etc/eks/kubelet-version.txt", F::kKubeletVersionOutput, 0,
                  "EKS AMI: kubelet --version saved at image build"},
    VersionSource{"/var/lib/rancher/rke2/bin", F::kRke2RuntimeLink, 0,
                  "RKE2: link to the running release's runtime directory"},
    VersionSource{"/var/lib/rancher/rke2/data", F::kRke2RuntimeDirectories, 0,
                  "RKE2: runtime directories, named by release"},
};

std::string ReadFailure(const FileRead& read) {
  switch (read.outcome) {
    case FileRead::Outcome::kTooLarge:
      return "larger than " + std::to_string(kMaxVersionSourceBytes >> 20) + " MiB";
    case FileRead::Outcome::kNotRegular:
      return "not a regular file";
    default:
      return read.error_number != 0 ? std::strerror(read.error_number) : "unreadable";
  }
}

// Examines `path` and streams its lines to `sink`; false (with a problem) when it was not read
// whole, or silently when it does not exist.
bool ReadLines(const NodeRoot& root, FileExaminer& examiner, const std::string& path,
               std::string_view why, LineSink& sink) {
  examiner.Examine(path, FileKind::kVersionSource, std::string(why));
  if (examiner.time_up()) return false;
  LineSplitter splitter(sink, kMaxVersionSourceLine);
  FileRead read = root.StreamFile(path, kMaxVersionSourceBytes,
                                  [&](std::string_view chunk) { splitter.Feed(chunk); });
  if (read.outcome == FileRead::Outcome::kAbsent) return false;
  if (read.outcome != FileRead::Outcome::kOk) {
    examiner.NoteReadFailure(path, read);
    examiner.AddProblem(path, "not read for Kubernetes versions: " + ReadFailure(read));
    return false;
  }
  splitter.Finish();
  if (splitter.overlong_lines() > 0) {
    examiner.AddProblem(path, std::to_string(splitter.overlong_lines()) + " lines longer than " +
                                  std::to_string(kMaxVersionSourceLine >> 10) + " KiB skipped");
  }
  return true;
}

void AddProblems(FileExaminer& examiner, const std::string& path,
                 const std::vector<std::string>& problems) {
  for (const std::string& problem : problems) examiner.AddProblem(path, problem);
}

void ReadDpkgStatus(const NodeRoot& root, FileExaminer& examiner, const VersionSource& source,
                    std::vector<VersionSeen>& out) {
  std::string path(source.path);
  DpkgStatusReader reader;
  if (!ReadLines(root, examiner, path, source.why, reader)) return;
  reader.Finish();
  for (const InstalledPackage& p : reader.installed()) {
    out.push_back({std::string(*ComponentOfPackage(p.package)), p.version,
                   "Version of package " + p.package + " (" + p.detail + ") in " + path});
  }
  AddProblems(examiner, path, reader.problems());
}

void ReadRpmHistory(const NodeRoot& root, FileExaminer& examiner, const VersionSource& source,
                    std::vector<VersionSeen>& out) {
  std::string path(source.path);
  if (root.Stat(path, /*follow=*/true).outcome == PathInfo::Outcome::kAbsent) {
    examiner.Examine(path, FileKind::kVersionSource, std::string(source.why));
    return;
  }
  RpmHistoryReader reader;
  // Replayed oldest first; a gap (a rotated file unreadable) would replay a wrong history.
  for (int n = source.rotations; n >= 1; --n) {
    std::string rotated = path + "." + std::to_string(n);
    if (root.Stat(rotated, /*follow=*/false).outcome == PathInfo::Outcome::kAbsent) continue;
    reader.SetFile(rotated);
    if (!ReadLines(root, examiner, rotated, source.why, reader)) return;
  }
  reader.SetFile(path);
  if (!ReadLines(root, examiner, path, source.why, reader)) return;
  for (const InstalledPackage& p : reader.Installed()) {
    out.push_back({std::string(*ComponentOfPackage(p.package)), p.version,
                   "package " + p.package + ", last recorded as " + p.detail});
  }
  AddProblems(examiner, path, reader.problems());
}

void ReadKubeletVersionOutput(const NodeRoot& root, FileExaminer& examiner,
                              const VersionSource& source, std::vector<VersionSeen>& out) {
  std::string path(source.path);
  examiner.Examine(path, FileKind::kVersionSource, std::string(source.why));
  FileRead read = root.ReadFile(path, 4096);
  if (read.outcome == FileRead::Outcome::kAbsent) return;
  if (read.outcome != FileRead::Outcome::kOk) {
    examiner.NoteReadFailure(path, read);
    examiner.AddProblem(path, "not read for Kubernetes versions: " + ReadFailure(read));
    return;
  }
  if (std::optional<std::string> version = KubeletVersionOutput(read.content)) {
    out.push_back({"kubelet", *version, "kubelet --version output saved in " + path});
  } else {
    examiner.AddProblem(path, "does not hold a kubelet --version line: not taken");
  }
}

std::string Basename(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string Dirname(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

// True when the link exists (whether or not its target names a release).
bool ReadRke2RuntimeLink(const NodeRoot& root, FileExaminer& examiner, const VersionSource& source,
                         std::vector<VersionSeen>& out) {
  std::string path(source.path);
  examiner.Examine(path, FileKind::kDataDir, std::string(source.why));
  PathInfo link = root.Stat(path, /*follow=*/false);
  if (link.outcome != PathInfo::Outcome::kOk || !S_ISLNK(link.st.st_mode)) return false;
  // RKE2 rewrites the link at every start; one that resolves to nothing names no running release.
  if (root.Stat(path, /*follow=*/true).outcome != PathInfo::Outcome::kOk) return true;
  if (Basename(link.link_target) != "bin") return true;
  std::string directory = Basename(Dirname(link.link_target));
  if (std::optional<std::string> version = Rke2RuntimeVersion(directory)) {
    out.push_back(
        {"kubelet", *version, "RKE2 runtime directory " + directory + ", the target of " + path});
  }
  return true;
}

// Old release directories stay while containers still use them: only without the link is a
// single one taken as the running release.
void ReadRke2RuntimeDirectories(const NodeRoot& root, FileExaminer& examiner,
                                const VersionSource& source, bool link_found,
                                std::vector<VersionSeen>& out) {
  std::string path(source.path);
  examiner.Examine(path, FileKind::kDataDir, std::string(source.why));
  if (link_found) return;
  Result<std::vector<std::string>> names = root.ListDirectory(path);
  if (!names.ok()) return;
  std::set<std::string> versions;
  std::string only;
  for (const std::string& name : *names) {
    if (std::optional<std::string> version = Rke2RuntimeVersion(name)) {
      versions.insert(*version);
      only = name;
    }
  }
  if (versions.size() == 1) {
    out.push_back({"kubelet", *versions.begin(),
                   "RKE2 runtime directory " + only + ", the only one in " + path});
  } else if (versions.size() > 1) {
    examiner.AddProblem(path, std::to_string(versions.size()) +
                                  " RKE2 releases and no bin link to say which runs: none taken");
  }
}

}  // namespace

std::span<const VersionSource> VersionSources() { return kSources; }

std::vector<VersionSeen> ReadInstalledVersions(const NodeRoot& root, FileExaminer& examiner) {
  std::vector<VersionSeen> out;
  bool rke2_link = false;
  for (const VersionSource& source : kSources) {
    if (examiner.time_up()) break;
    switch (source.format) {
      case F::kDpkgStatus:
        ReadDpkgStatus(root, examiner, source, out);
        break;
      case F::kRpmHistory:
        ReadRpmHistory(root, examiner, source, out);
        break;
      case F::kKubeletVersionOutput:
        ReadKubeletVersionOutput(root, examiner, source, out);
        break;
      case F::kRke2RuntimeLink:
        rke2_link = ReadRke2RuntimeLink(root, examiner, source, out);
        break;
      case F::kRke2RuntimeDirectories:
        ReadRke2RuntimeDirectories(root, examiner, source, rke2_link, out);
        break;
    }
  }
  return out;
}

}  // namespace kubeproof
