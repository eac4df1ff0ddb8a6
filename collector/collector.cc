#include "collector/collector.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "collector/bundle_writer.h"
#include "collector/file_examiner.h"
#include "collector/flag_table.h"
#include "collector/kubernetes_versions.h"
#include "collector/node_root.h"
#include "collector/process_scanner.h"
#include "collector/user_names.h"
#include "collector/version_sources.h"
#include "collector/well_known_paths.h"
#include "common/bundle_layout.h"
#include "common/command_line_filter.h"
#include "common/unit_directories.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

constexpr std::size_t kMaxSmallFile = 1 << 16;

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::optional<std::string> ReadSmall(const NodeRoot& root, const std::string& path) {
  FileRead read = root.ReadFile(path, kMaxSmallFile);
  if (read.outcome != FileRead::Outcome::kOk) return std::nullopt;
  return std::move(read.content);
}

std::optional<std::string> ReadProcValue(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  char buf[512];
  ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, sizeof(buf)) : -1;
  close(fd);
  if (n <= 0) return std::nullopt;
  std::string line = FirstLine(std::string(buf, static_cast<size_t>(n)));
  if (line.empty()) return std::nullopt;
  return line;
}

std::optional<std::string> PrettyName(const std::string& os_release) {
  size_t start = 0;
  while (start < os_release.size()) {
    size_t end = os_release.find('\n', start);
    if (end == std::string::npos) end = os_release.size();
    std::string line = os_release.substr(start, end - start);
    start = end + 1;
    if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
    std::string value = line.substr(12);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

nlohmann::json OptionalJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string JoinPath(const std::string& cwd, const std::string& relative) {
  return cwd.empty() || cwd.back() == '/' ? cwd + relative : cwd + "/" + relative;
}

// Examines every file a process's flags name, with the handling the flag table gives.
void ExamineProcessFlags(const ProcessRecord& process, FileExaminer& examiner) {
  std::string component(ComponentName(process.component));
  for (PathFlagUse& use : FindPathFlagUses(process.argv, process.first_flag, process.component)) {
    std::string& value = use.value;
    std::string why = component + " --" + use.flag;
    // A value the process list would redact (a URL with credentials) is no path to examine or note.
    if (!SafeValue(value)) {
      examiner.AddProblem(std::string(kRedactedValue), why + ": not a path (it holds credentials)");
      continue;
    }
    if (value[0] != '/') {
      if (!process.cwd_known) {
        examiner.AddProblem(value, why + ": relative path and the working directory is unknown");
        continue;
      }
      value = JoinPath(process.cwd, value);
    }
    examiner.Examine(value, use.rule->kind, why, use.component);
  }
}

}  // namespace

Result<CollectedBundle> Collect(const CollectOptions& options) {
  auto started = std::chrono::steady_clock::now();
  std::time_t started_at = std::time(nullptr);
  Result<NodeRoot> root = NodeRoot::Open(options.root);
  if (!root.ok()) return root.status().WithContext("root directory");
  std::string proc_dir = options.proc;
  if (proc_dir.empty()) proc_dir = options.root.back() == '/' ? options.root + "proc" : options.root + "/proc";
  if (DIR* probe = opendir(proc_dir.c_str())) {
    closedir(probe);
  } else {
    return Status::IoError("proc directory " + proc_dir + ": " + std::strerror(errno));
  }

  UserNames names = UserNames::Parse(ReadSmall(*root, "/etc/passwd").value_or(""),
                                     ReadSmall(*root, "/etc/group").value_or(""));
  ExamineLimits limits;
  limits.max_file_bytes = options.max_file_bytes;
  limits.max_total_bytes = options.max_total_bytes;
  limits.deadline = started + std::chrono::milliseconds(options.time_limit_ms);
  BundleWriter writer;
  FileExaminer examiner(*root, names, limits, writer);

  // 1. Running processes: what they actually use wins, so their flags are examined first.
  ScanLimits scan_limits;
  scan_limits.deadline = limits.deadline;
  ProcessScan scan = ScanProcesses(proc_dir, scan_limits);
  for (const auto& [path, problem] : scan.problems) examiner.AddProblem(path, problem);
  for (const ProcessRecord& process : scan.processes) ExamineProcessFlags(process, examiner);

  // 2. Declared configuration: units in every unit directory, their drop-ins and the
  //    EnvironmentFiles they name.
  for (std::string_view dir : SystemdUnitDirectories()) {
    for (std::string_view unit : KubernetesUnitNames()) {
      std::string path = std::string(dir) + "/" + std::string(unit);
      examiner.Examine(path, FileKind::kSystemdUnit, "systemd unit");
      examiner.Examine(path + ".d", FileKind::kUnitDropinDir, "systemd unit drop-ins");
    }
  }
  // 3. Well-known locations of every supported layout.
  for (const WellKnownPath& known : WellKnownPaths()) {
    examiner.Examine(std::string(known.path), known.kind, std::string(known.why));
  }
  // 4. What the packages and release directories say is installed: read here, only versions kept.
  std::vector<VersionSeen> versions = ReadInstalledVersions(*root, examiner);

  // Command lines, with every value not on the safe list replaced.
  nlohmann::json processes = nlohmann::json::array();
  CollectSummary summary;
  for (const ProcessRecord& process : scan.processes) {
    RedactionLog log;
    std::vector<std::string> argv = FilterArguments(process.argv, process.first_flag, log);
    nlohmann::json indexes = nlohmann::json::array();
    for (std::size_t i = 0; i < argv.size(); ++i) {
      if (argv[i] != process.argv[i]) indexes.push_back(i);
    }
    std::string component(ComponentName(process.component));
    for (const RedactedField& field : log.entries()) {
      examiner.AddRedaction(std::string(bundle::kProcessesMember),
                            component + " pid " + std::to_string(process.pid) + " " + field.field,
                            std::string(RedactionReasonText(field.reason)));
    }
    processes.push_back({{"pid", process.pid},
                         {"start_time", process.start_time ? nlohmann::json(*process.start_time) : nlohmann::json()},
                         {"uid", process.uid ? nlohmann::json(*process.uid) : nlohmann::json()},
                         {"component", component},
                         {"argv", argv},
                         {"redacted_args", indexes},
                         {"cwd", process.cwd_known ? nlohmann::json(process.cwd) : nlohmann::json()}});
    summary.components.push_back(component);
    // k3s names no version in its path; its embedded components have no program of their own.
    if ((process.component & kK3s) == 0 && !process.argv.empty()) {
      if (auto seen = VersionFromProgramPath(component, process.argv[0], process.pid)) versions.push_back(*seen);
    }
  }

  for (const auto& [path, content] : examiner.manifests()) {
    for (VersionSeen& v : VersionsFromManifest(path, content)) versions.push_back(std::move(v));
  }
  SortVersions(versions);
  nlohmann::json version_list = nlohmann::json::array();
  for (const VersionSeen& v : versions) {
    version_list.push_back({{"component", v.component}, {"version", v.version}, {"source", v.source}});
  }

  constexpr auto kJsonReplace = nlohmann::json::error_handler_t::replace;
  nlohmann::json files = examiner.FileRecords();
  summary.files_examined = files.size();
  Status s = writer.Add(std::string(bundle::kProcessesMember),
                        nlohmann::json{{"processes", processes}}.dump(2, ' ', false, kJsonReplace) + "\n");
  if (s.ok()) {
    s = writer.Add(std::string(bundle::kFilesMember),
                   nlohmann::json{{"files", files}}.dump(2, ' ', false, kJsonReplace) + "\n");
  }
  if (!s.ok()) return s;

  std::optional<std::string> hostname;
  if (std::optional<std::string> text = ReadSmall(*root, "/etc/hostname")) {
    std::string line = FirstLine(*text);
    if (!line.empty()) hostname = line;
  }
  std::optional<std::string> os_release;
  if (std::optional<std::string> text = ReadSmall(*root, "/etc/os-release")) {
    os_release = PrettyName(*text);
  } else if (std::optional<std::string> lib = ReadSmall(*root, "/usr/lib/os-release")) {
    os_release = PrettyName(*lib);
  }
  std::string node_name = options.node_name.value_or(
      hostname.value_or(ReadProcValue(proc_dir + "/sys/kernel/hostname").value_or("unknown")));
  summary.process_view_full = !scan.processes.empty();

  std::time_t finished_at = std::time(nullptr);
  nlohmann::json manifest = {
      {"format", bundle::kFormatName},
      {"format_version", bundle::kFormatVersion},
      {"collector", {{"name", "kubeproof-collect"}, {"version", KUBEPROOF_VERSION}}},
      {"node",
       {{"name", node_name},
        {"cluster", OptionalJson(options.cluster)},
        {"hostname", OptionalJson(hostname)},
        {"os_release", OptionalJson(os_release)},
        {"kernel_release", OptionalJson(ReadProcValue(proc_dir + "/sys/kernel/osrelease"))}}},
      {"collection",
       {{"started_at", FormatUtc(started_at)},
        {"finished_at", FormatUtc(finished_at)},
        {"options",
         {{"root", options.root},
          {"proc", proc_dir},
          {"max_file_bytes", options.max_file_bytes},
          {"max_total_bytes", options.max_total_bytes},
          {"time_limit_ms", options.time_limit_ms}}},
        {"process_view", summary.process_view_full ? bundle::kProcessViewFull : bundle::kProcessViewLimited}}},
      {"kubernetes_versions", version_list},
      {"redactions", examiner.Redactions()},
      {"skipped", examiner.Skipped()},
      {"truncated", examiner.Truncated()},
      {"problems", examiner.Problems()},
  };
  summary.files_copied = examiner.copied_files();
  summary.redactions = examiner.redaction_count();
  summary.problems = examiner.problem_count();
  std::sort(summary.components.begin(), summary.components.end());

  if (options.signing_key != nullptr) manifest["signed_by"] = Fingerprint(options.signing_key->public_key());
  Result<std::string> bytes = writer.Finish(std::move(manifest), finished_at, options.signing_key);
  if (!bytes.ok()) return bytes.status();
  return CollectedBundle{std::move(bytes).value(), std::move(summary)};
}

}  // namespace kubeproof
