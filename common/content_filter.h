// The one entry point for file content leaving a node: a content profile says how a file is read
// (structured, unit, environment, arguments, plain) and which safe key paths apply. The collector
// filters with it; the analyzer filters every stored member again with the recorded profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/redaction.h"
#include "common/safe_settings.h"
#include "common/status.h"

namespace kubeproof {

enum class ContentProfile {
  kKubeletConfig,
  kComponentConfig,   // kube-proxy, kube-scheduler configuration files
  kKubeconfig,
  kPodManifest,
  kEncryptionConfig,
  kAuditPolicy,
  kAdmissionConfig,
  kEtcdConfig,
  kRancherConfig,     // k3s and RKE2 config.yaml: keys are flags
  kKubeadmConfig,
  kCniConfig,
  kRuntimeConfig,     // TOML of a container runtime (containerd, CRI-O): safe keys only
  kOtherConfig,       // any other YAML/JSON: keys and structure only
  kSystemdUnit,
  kEnvironmentFile,
  kArgumentsFile,
  kPlain,             // /etc/passwd, /etc/group, os-release, hostname: no secrets, kept whole
};

// The name recorded in files.json ("kubelet-config") and its parse.
std::string_view ContentProfileName(ContentProfile profile);
std::optional<ContentProfile> ParseContentProfile(std::string_view name);

// True for node paths whose content may be kept whole (the plain profile is honoured nowhere else).
bool IsPlainPath(std::string_view path);

struct FilteredContent {
  std::string content;
  RedactionLog log;
};

// Errors (the content must then be kept by stat only): Corrupt for text that does not parse as
// its profile says, Limit for a bound passed, InvalidArgument for a PEM private key in what would
// be kept.
Result<FilteredContent> FilterContent(std::string_view content, ContentProfile profile,
                                      const SafeSettings& safe = SafeSettings::Builtin());

}  // namespace kubeproof
