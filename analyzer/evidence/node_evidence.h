// NodeEvidence: everything one bundle says about one node, in memory. Ingest builds it from a
// verified bundle, the store saves and reloads it, and the rules engine evaluates it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

struct KubernetesVersionSeen {
  std::string component;
  std::string version;  // as found, e.g. "v1.20.4"
  std::string source;   // where it was found
};

struct BundleInfo {
  std::int64_t bundle_id = 0;  // 0 until stored
  std::string sha256;          // of the whole bundle file
  int format_version = 0;
  std::string collector_name;
  std::string collector_version;
  std::string node;
  std::optional<std::string> cluster;
  std::optional<std::string> hostname;
  std::optional<std::string> os_release;
  std::optional<std::string> kernel_release;
  std::string started_at;
  std::string finished_at;
  std::string process_view;  // "full" or "limited"
  std::string options_json;  // manifest's collection.options, verbatim
  std::optional<std::string> signer;  // fingerprint of the key whose signature verified; none: unsigned
  bool signer_trusted = false;        // the key was among those --trust named at ingest
  std::vector<KubernetesVersionSeen> kubernetes_versions;
};

// What the bundle says about a process's working directory (bundles before it was recorded say
// nothing, which differs from "could not be read").
enum class CwdState { kNotRecorded, kUnreadable, kKnown };

struct ProcessEvidence {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;
  std::optional<std::int64_t> uid;
  std::string component;
  std::vector<std::string> argv;
  std::vector<int> redacted_args;
  CwdState cwd_state = CwdState::kNotRecorded;
  std::string cwd;  // absolute node path, when cwd_state is kKnown
};

// "known", "unreadable", "not-recorded": as stored in processes.cwd_status.
std::string_view CwdStateName(CwdState state);
std::optional<CwdState> ParseCwdState(std::string_view name);

struct FileEvidence {
  std::string path;
  std::string status;  // ok, absent, denied, not-regular, too-large, error
  std::optional<std::string> type;
  std::optional<std::uint32_t> mode;  // permission bits incl. setuid/setgid/sticky
  std::optional<std::int64_t> uid;
  std::optional<std::int64_t> gid;
  std::optional<std::string> owner;
  std::optional<std::string> group;
  std::optional<std::int64_t> size;
  std::optional<std::string> mtime;
  std::optional<std::string> link_target;
  std::optional<std::string> error;
  std::optional<std::string> content_member;
  std::optional<std::string> content_policy;  // copied, redacted, stat-only
  std::optional<std::string> content_sha256;
  std::optional<std::string> content_profile;  // how the collector filtered it (common/content_filter.h)
  std::optional<std::string> content;         // the copied (redacted) bytes, when present
  std::vector<std::string> why;
};

struct Redaction {
  std::string member;
  std::string field;
  std::string reason;
};

// One line of the manifest's skipped / truncated / problems lists.
struct CollectionNote {
  std::string kind;  // skipped, truncated, problem
  std::string path;
  std::string detail;
};

struct NodeEvidence {
  BundleInfo bundle;
  std::vector<ProcessEvidence> processes;
  std::vector<FileEvidence> files;  // sorted by path
  std::vector<Redaction> redactions;
  std::vector<CollectionNote> notes;

  // The record for an exact node path, or nullptr when the collector did not examine it.
  const FileEvidence* FindFile(const std::string& path) const;
  // Processes recognised as `component`, in pid order.
  std::vector<const ProcessEvidence*> ProcessesOf(const std::string& component) const;
};

}  // namespace kubeproof
