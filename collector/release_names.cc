#include "collector/release_names.h"

#include <algorithm>

#include "collector/kubernetes_versions.h"

namespace kubeproof {

std::optional<std::string> Rke2RuntimeVersion(std::string_view directory_name) {
  constexpr std::size_t kHashLength = 12;
  if (directory_name.size() < kHashLength + 3) return std::nullopt;
  std::string_view hash = directory_name.substr(directory_name.size() - kHashLength);
  std::string_view tag = directory_name.substr(0, directory_name.size() - kHashLength - 1);
  bool hex = std::all_of(hash.begin(), hash.end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  // RKE2 itself only ever treats names starting "v<digit>" as release directories.
  if (!hex || directory_name[directory_name.size() - kHashLength - 1] != '-' || tag.size() < 2 ||
      tag[0] != 'v' || !IsVersionString(tag)) {
    return std::nullopt;
  }
  return std::string(tag);
}

std::optional<std::string> KubeletVersionOutput(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  constexpr std::string_view kPrefix = "Kubernetes ";
  if (line.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view version = line.substr(kPrefix.size());
  if (version.empty() || version[0] != 'v' || !IsVersionString(version)) return std::nullopt;
  return std::string(version);
}

}  // namespace kubeproof
