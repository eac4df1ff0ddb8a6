#include "analyzer/evidence/os_release.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace kubeproof {
namespace {

std::map<std::string, std::string> Fields(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    size_t eq = line.find('=');
    if (eq == std::string::npos || line[0] == '#') continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out[line.substr(0, eq)] = value;
  }
  return out;
}

}  // namespace

std::optional<OsRelease> ReadOsRelease(const NodeEvidence& evidence) {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    const FileEvidence* f = evidence.FindFile(path);
    if (f != nullptr && f->content) return OsRelease{path, Fields(*f->content)};
  }
  return std::nullopt;
}

void AddOsReleaseKubernetesVersion(NodeEvidence* evidence) {
  auto& versions = evidence->bundle.kubernetes_versions;
  if (std::any_of(versions.begin(), versions.end(),
                  [](const auto& v) { return v.component == "kubelet"; }))
    return;
  auto os = ReadOsRelease(*evidence);
  if (!os || os->fields["ID"] != "bottlerocket") return;
  static const std::regex kVariant(R"([a-z0-9]+-k8s-(1\.[0-9]{1,3})(-[a-z0-9-]+)?)");
  std::smatch m;
  const std::string variant = os->fields["VARIANT_ID"];
  if (!std::regex_match(variant, m, kVariant)) return;
  versions.push_back({"kubelet", m[1].str(),
                      "Bottlerocket variant " + variant + " (VARIANT_ID in " + os->path + ")"});
}

}  // namespace kubeproof
