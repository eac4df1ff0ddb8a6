#include "analyzer/settings/cni_conf_dir.h"

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "analyzer/settings/file_lookup.h"
#include "common/toml_lines.h"

namespace kubeproof {
namespace {

constexpr int kLastDockershimMinor = 23;  // dockershim, and the kubelet's CNI flags, left in 1.24
constexpr const char* kDefaultDir = "/etc/cni/net.d";
constexpr std::array<std::string_view, 3> kContainerdConfigs = {
    "/etc/containerd/config.toml", "/var/lib/rancher/k3s/agent/etc/containerd/config.toml",
    "/var/lib/rancher/rke2/agent/etc/containerd/config.toml"};
// containerd 2 (config version 3), 1.x (version 2), and the oldest (version 1).
constexpr std::array<std::string_view, 3> kContainerdKeys = {
    "plugins.io.containerd.cri.v1.runtime.cni.conf_dir", "plugins.io.containerd.grpc.v1.cri.cni.conf_dir",
    "plugins.cri.cni.conf_dir"};
constexpr const char* kCrioConfig = "/etc/crio/crio.conf";
constexpr const char* kCrioDropins = "/etc/crio/crio.conf.d";

enum class Runtime { kUnknown, kContainerd, kCrio };

bool Exists(const NodeEvidence& evidence, const std::string& path) {
  const FileEvidence* f = evidence.FindFile(path);
  return f != nullptr && f->status != "absent";
}

// A runtime config's text; nullopt when it does not exist (or was not examined); an error naming
// it when it exists but was not read, since the directory it may name is then unknown.
Result<std::optional<std::string>> ConfigText(const NodeEvidence& evidence, const std::string& path,
                                              const std::string& what) {
  FileLookup found = LookupFile(evidence, path);
  if (found.record == nullptr || found.record->status == "absent") return std::optional<std::string>();
  const FileEvidence& f = *found.record;
  if (f.status == "ok" && !f.content) return Status::IoError(what + " " + path + " was not kept (see skipped)");
  if (f.status != "ok") return Status::IoError(what + " " + path + " unreadable: " + (f.error ? *f.error : f.status));
  return std::optional<std::string>(*f.content);
}

// The last one-line string value at one of `keys` (dotted, as on the safe list).
template <std::size_t N>
Result<std::optional<std::string>> TomlValue(const std::string& text, const std::array<std::string_view, N>& keys,
                                             const std::string& path) {
  Result<std::vector<TomlEntry>> entries = ParseTomlLines(text);
  if (!entries.ok()) return entries.status().WithContext(path);
  std::optional<std::string> value;
  for (const TomlEntry& e : *entries) {
    std::string dotted;
    for (const std::string& part : TomlSafeListPath(e)) dotted += (dotted.empty() ? "" : ".") + part;
    for (std::string_view key : keys) {
      if (dotted == key && e.is_string && !e.value.empty()) value = e.value;
    }
  }
  return value;
}

Result<CniConfDir> FromContainerd(const NodeEvidence& evidence) {
  bool examined = false;
  for (std::string_view config : kContainerdConfigs) {
    std::string path(config);
    examined = examined || evidence.FindFile(path) != nullptr;
    Result<std::optional<std::string>> text = ConfigText(evidence, path, "containerd config");
    if (!text.ok()) return text.status();
    if (!*text) continue;
    Result<std::optional<std::string>> dir = TomlValue(**text, kContainerdKeys, path);
    if (!dir.ok()) return dir.status();
    if (*dir) return CniConfDir{NormalisePath(**dir), "conf_dir in containerd config " + path};
    return CniConfDir{kDefaultDir, "containerd's default (" + path + " sets no conf_dir)"};
  }
  // Absence is known only where the collector looked; older bundles did not.
  if (!examined) return Status::NotFound("no container runtime configuration was examined");
  return CniConfDir{kDefaultDir, "containerd's default (no config.toml)"};
}

// crio.conf, then crio.conf.d/*.conf by name: the last network_dir set wins.
Result<CniConfDir> FromCrio(const NodeEvidence& evidence) {
  std::vector<std::string> files = {kCrioConfig};
  if (const FileEvidence* d = evidence.FindFile(kCrioDropins); d != nullptr && d->status != "ok" && d->status != "absent") {
    return Status::IoError(std::string("CRI-O drop-in directory ") + kCrioDropins + " unreadable: " +
                           (d->error ? *d->error : d->status));
  }
  std::string prefix = std::string(kCrioDropins) + "/";
  for (const FileEvidence& f : evidence.files) {
    std::string name = f.path.rfind(prefix, 0) == 0 ? f.path.substr(prefix.size()) : "";
    if (name.size() > 5 && name.find('/') == std::string::npos && name.compare(name.size() - 5, 5, ".conf") == 0) {
      files.push_back(f.path);
    }
  }
  CniConfDir out{kDefaultDir, "CRI-O's default (no network_dir set)"};
  constexpr std::array<std::string_view, 1> kKeys = {"crio.network.network_dir"};
  for (const std::string& path : files) {
    Result<std::optional<std::string>> text = ConfigText(evidence, path, "CRI-O config");
    if (!text.ok()) return text.status();
    if (!*text) continue;
    Result<std::optional<std::string>> dir = TomlValue(**text, kKeys, path);
    if (!dir.ok()) return dir.status();
    if (*dir) out = {NormalisePath(**dir), "network_dir in CRI-O config " + path};
  }
  return out;
}

// The runtime the kubelet talks to, from its endpoint; else the one whose config is on the node.
Runtime RuntimeOf(const NodeEvidence& evidence, const ComponentSettings* kubelet) {
  if (kubelet != nullptr && kubelet->instance().present()) {
    ResolvedSetting endpoint = kubelet->Resolve("container-runtime-endpoint");
    if (endpoint.set && endpoint.value.find("crio") != std::string::npos) return Runtime::kCrio;
    if (endpoint.set && endpoint.value.find("containerd") != std::string::npos) return Runtime::kContainerd;
  }
  for (std::string_view config : kContainerdConfigs) {
    if (Exists(evidence, std::string(config))) return Runtime::kContainerd;
  }
  return Exists(evidence, kCrioConfig) ? Runtime::kCrio : Runtime::kUnknown;
}

}  // namespace

Result<CniConfDir> ChooseCniConfDir(const NodeEvidence& evidence, const ComponentSettings* kubelet) {
  if (kubelet != nullptr && kubelet->instance().present() && kubelet->version().minor <= kLastDockershimMinor) {
    ResolvedSetting runtime = kubelet->Resolve("container-runtime");
    // k3s embeds containerd unless told otherwise, so its unstated runtime is not dockershim.
    if (runtime.unverifiable && kubelet->instance().kind != InstanceKind::kEmbedded) {
      return Status::NotFound(*runtime.unverifiable);
    }
    if (runtime.set && runtime.value == "docker") {
      std::string note = " (dockershim, Kubernetes " + kubelet->version().text + ")";
      ResolvedSetting dir = kubelet->ResolvePath("cni-conf-dir");
      if (dir.unverifiable) return Status::NotFound(*dir.unverifiable);
      if (!dir.set) return Status::NotFound("the kubelet's --cni-conf-dir has no known default" + note);
      return CniConfDir{dir.value, dir.source + note};
    }
  }
  switch (RuntimeOf(evidence, kubelet)) {
    case Runtime::kCrio: return FromCrio(evidence);
    case Runtime::kContainerd:
    case Runtime::kUnknown: break;
  }
  return FromContainerd(evidence);
}

}  // namespace kubeproof
