#include "common/content_filter.h"

#include <array>

#include "common/structured_filter.h"
#include "common/toml_filter.h"
#include "common/unit_filter.h"

namespace kubeproof {
namespace {

struct ProfileName {
  ContentProfile profile;
  std::string_view name;
};

// The names double as the [keys P] sections of the safe list.
constexpr std::array kProfileNames = {
    ProfileName{ContentProfile::kKubeletConfig, "kubelet-config"},
    ProfileName{ContentProfile::kComponentConfig, "component-config"},
    ProfileName{ContentProfile::kKubeconfig, "kubeconfig"},
    ProfileName{ContentProfile::kPodManifest, "pod-manifest"},
    ProfileName{ContentProfile::kEncryptionConfig, "encryption-config"},
    ProfileName{ContentProfile::kAuditPolicy, "audit-policy"},
    ProfileName{ContentProfile::kAdmissionConfig, "admission-config"},
    ProfileName{ContentProfile::kEtcdConfig, "etcd-config"},
    ProfileName{ContentProfile::kRancherConfig, "rancher-config"},
    ProfileName{ContentProfile::kKubeadmConfig, "kubeadm-config"},
    ProfileName{ContentProfile::kCniConfig, "cni-config"},
    ProfileName{ContentProfile::kRuntimeConfig, "runtime-config"},
    ProfileName{ContentProfile::kOtherConfig, "other"},
    ProfileName{ContentProfile::kSystemdUnit, "systemd-unit"},
    ProfileName{ContentProfile::kEnvironmentFile, "environment-file"},
    ProfileName{ContentProfile::kArgumentsFile, "arguments-file"},
    ProfileName{ContentProfile::kPlain, "plain"},
};

constexpr std::array<std::string_view, 5> kPlainPaths = {"/etc/passwd", "/etc/group", "/etc/os-release",
                                                         "/usr/lib/os-release", "/etc/hostname"};

}  // namespace

std::string_view ContentProfileName(ContentProfile profile) {
  for (const ProfileName& p : kProfileNames) {
    if (p.profile == profile) return p.name;
  }
  return "other";
}

std::optional<ContentProfile> ParseContentProfile(std::string_view name) {
  for (const ProfileName& p : kProfileNames) {
    if (p.name == name) return p.profile;
  }
  return std::nullopt;
}

bool IsPlainPath(std::string_view path) {
  for (std::string_view p : kPlainPaths) {
    if (p == path) return true;
  }
  return false;
}

Result<FilteredContent> FilterContent(std::string_view content, ContentProfile profile, const SafeSettings& safe) {
  FilteredContent out;
  switch (profile) {
    case ContentProfile::kPlain: out.content = std::string(content); break;
    case ContentProfile::kSystemdUnit: out.content = FilterUnitFile(content, out.log, safe); break;
    case ContentProfile::kEnvironmentFile: out.content = FilterEnvironmentFile(content, out.log, safe); break;
    case ContentProfile::kArgumentsFile: out.content = FilterArgumentsFile(content, out.log, safe); break;
    case ContentProfile::kRuntimeConfig: {
      Result<std::string> filtered = FilterToml(content, ContentProfileName(profile), out.log, safe);
      if (!filtered.ok()) return filtered.status();
      out.content = std::move(filtered).value();
      break;
    }
    default: {
      Result<std::string> filtered = FilterStructured(content, ContentProfileName(profile), out.log, safe);
      if (!filtered.ok()) return filtered.status();
      out.content = std::move(filtered).value();
    }
  }
  // Whatever a profile keeps, a PEM private key never leaves.
  if (out.content.find("PRIVATE KEY") != std::string::npos) {
    return Status::InvalidArgument("content holds a PEM private key");
  }
  return out;
}

}  // namespace kubeproof
