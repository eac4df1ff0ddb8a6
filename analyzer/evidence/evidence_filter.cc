#include "analyzer/evidence/evidence_filter.h"

#include <algorithm>

#include "common/bundle_layout.h"
#include "common/command_line_filter.h"
#include "common/content_filter.h"

namespace kubeproof {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool WhyMentions(const FileEvidence& file, std::string_view word) {
  return std::any_of(file.why.begin(), file.why.end(),
                     [&](const std::string& w) { return w.find(word) != std::string::npos; });
}

// For bundles whose records carry no profile: the most likely reading of the file, never plain.
ContentProfile InferProfile(const FileEvidence& file) {
  const std::string& p = file.path;
  if (EndsWith(p, ".service") || p.find("/systemd/") != std::string::npos) return ContentProfile::kSystemdUnit;
  if (p.find("/args/") != std::string::npos) return ContentProfile::kArgumentsFile;
  if (EndsWith(p, ".env") || p.rfind("/etc/default/", 0) == 0 || p.rfind("/etc/sysconfig/", 0) == 0) {
    return ContentProfile::kEnvironmentFile;
  }
  if (p.find("/manifests/") != std::string::npos || WhyMentions(file, "manifest")) return ContentProfile::kPodManifest;
  if (WhyMentions(file, "kubelet --config")) return ContentProfile::kKubeletConfig;
  if (WhyMentions(file, "kubeconfig") || EndsWith(p, ".conf") || EndsWith(p, "kubeconfig")) {
    return ContentProfile::kKubeconfig;
  }
  return ContentProfile::kOtherConfig;
}

ContentProfile ProfileOf(const FileEvidence& file) {
  std::optional<ContentProfile> recorded;
  if (file.content_profile) recorded = ParseContentProfile(*file.content_profile);
  ContentProfile profile = recorded.value_or(InferProfile(file));
  // Only the node's own account and release files may be kept whole.
  if (profile == ContentProfile::kPlain && !IsPlainPath(file.path)) return ContentProfile::kOtherConfig;
  return profile;
}

// The program and, for k3s/RKE2 and hyperkube, the subcommand.
std::size_t CommandWords(const std::vector<std::string>& argv) {
  if (argv.size() < 2) return argv.size();
  const std::string& second = argv[1];
  bool subcommand = second == "server" || second == "agent" || second.rfind("kube-", 0) == 0 ||
                    second == "kubelet" || second == "etcd";
  return subcommand ? 2 : 1;
}

void Note(NodeEvidence* evidence, const std::string& member, const RedactionLog& log) {
  for (const RedactedField& field : log.entries()) {
    evidence->redactions.push_back({member, field.field, std::string(RedactionReasonText(field.reason)) + " (at ingest)"});
  }
}

}  // namespace

Status ApplySafeList(NodeEvidence* evidence) {
  for (ProcessEvidence& process : evidence->processes) {
    RedactionLog log;
    std::vector<std::string> filtered = FilterArguments(process.argv, CommandWords(process.argv), log);
    for (std::size_t i = 0; i < filtered.size(); ++i) {
      if (filtered[i] == process.argv[i]) continue;
      if (std::find(process.redacted_args.begin(), process.redacted_args.end(), static_cast<int>(i)) ==
          process.redacted_args.end()) {
        process.redacted_args.push_back(static_cast<int>(i));
      }
    }
    std::sort(process.redacted_args.begin(), process.redacted_args.end());
    process.argv = std::move(filtered);
    Note(evidence, std::string(bundle::kProcessesMember), log);
  }
  for (FileEvidence& file : evidence->files) {
    if (!file.content) continue;
    Result<FilteredContent> filtered = FilterContent(*file.content, ProfileOf(file));
    std::string member = file.content_member.value_or(file.path);
    if (!filtered.ok()) {
      if (filtered.status().code() == Status::Code::kLimit) return filtered.status().WithContext("member " + member);
      bool unparsed = filtered.status().code() == Status::Code::kCorrupt;
      evidence->notes.push_back({unparsed ? "parse" : "skipped", file.path, filtered.status().message()});
      file.content.reset();
      file.content_policy = std::string(bundle::kPolicyStatOnly);
      continue;
    }
    if (filtered->content != *file.content) {
      file.content = std::move(filtered->content);
      file.content_sha256.reset();
      if (file.content_policy == bundle::kPolicyCopied) file.content_policy = std::string(bundle::kPolicyRedacted);
    }
    Note(evidence, member, filtered->log);
  }
  return Status::Ok();
}

}  // namespace kubeproof
