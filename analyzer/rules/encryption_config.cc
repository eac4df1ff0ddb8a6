#include "analyzer/rules/encryption_config.h"

#include <map>
#include <utility>

namespace kubeproof {
namespace {

// "secrets" -> {secrets, ""}, "secrets." -> {secrets, ""}, "*.apps" -> {*, apps}, "*.*" -> {*, *}.
std::pair<std::string, std::string> GroupResource(const std::string& text) {
  std::size_t dot = text.find('.');
  if (dot == std::string::npos) return {text, ""};
  return {text.substr(0, dot), text.substr(dot + 1)};
}

bool Covers(const std::string& entry, const std::string& resource) {
  auto [entry_name, entry_group] = GroupResource(entry);
  auto [name, group] = GroupResource(resource);
  return (entry_name == "*" || entry_name == name) && (entry_group == "*" || entry_group == group);
}

// "resources[3].providers[0].aescbc.keys[0].name" with prefix "resources[" -> 3, rest after "]".
std::optional<std::pair<int, std::string>> Indexed(const std::string& path, const std::string& prefix) {
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  std::size_t close = path.find(']', prefix.size());
  if (close == std::string::npos || close == prefix.size() || close - prefix.size() > 6) return std::nullopt;
  int index = 0;
  for (std::size_t i = prefix.size(); i < close; ++i) {
    if (path[i] < '0' || path[i] > '9') return std::nullopt;
    index = index * 10 + (path[i] - '0');
  }
  return std::make_pair(index, path.substr(close + 1));
}

}  // namespace

std::optional<WritingProvider> ProviderWriting(const std::vector<ConfigValue>& values, const std::string& resource) {
  std::map<int, std::string> covered_by;   // entry -> the first of its names covering `resource`
  std::map<int, std::string> first_provider;  // entry -> the key of its providers[0]
  for (const auto& v : values) {
    if (v.document != 0) continue;
    auto entry = Indexed(v.key_path, "resources[");
    if (!entry) continue;
    const auto& [index, rest] = *entry;
    if (v.scalar() && rest.rfind(".resources[", 0) == 0 && !covered_by.count(index) && Covers(v.value, resource)) {
      covered_by[index] = v.value;
    }
    if (rest.rfind(".providers[0].", 0) == 0 && !first_provider.count(index)) {
      std::string key = rest.substr(14);
      first_provider[index] = key.substr(0, key.find_first_of(".["));
    }
  }
  for (const auto& [index, name] : covered_by) {
    auto provider = first_provider.find(index);
    return WritingProvider{index, name, provider == first_provider.end() ? std::string() : provider->second};
  }
  return std::nullopt;
}

}  // namespace kubeproof
