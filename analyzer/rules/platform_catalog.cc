#include "analyzer/rules/platform_catalog.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "analyzer/documents/rule_files.h"
#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {
namespace {

Status RequireScalars(const YAML::Node& node, std::initializer_list<const char*> keys,
                      const std::string& where) {
  for (const char* key : keys) {
    if (!node[key] || !node[key].IsScalar() || node[key].as<std::string>().empty()) {
      return Status::InvalidArgument(where + ": missing key '" + key + "'");
    }
  }
  return Status::Ok();
}

Result<PlatformMarker> ParseMarker(const YAML::Node& node, const std::string& where) {
  Status s =
      CheckKeys(node, {"file", "process", "flag", "value", "value_prefix", "os_release"}, where);
  if (!s.ok()) return s;
  PlatformMarker m;
  if (node["file"]) m.file = node["file"].as<std::string>();
  if (node["process"]) m.process = node["process"].as<std::string>();
  if (node["flag"]) m.flag = node["flag"].as<std::string>();
  if (node["value"]) m.value = node["value"].as<std::string>();
  if (node["value_prefix"]) m.value_prefix = node["value_prefix"].as<std::string>();
  for (const auto& kv : node["os_release"])
    m.os_release[kv.first.as<std::string>()] = kv.second.as<std::string>();
  int kinds = !m.file.empty() + !m.process.empty() + !m.os_release.empty();
  if (kinds != 1)
    return Status::InvalidArgument(where + ": give exactly one of file, process or os_release");
  if (!m.file.empty() && m.file.front() != '/') {
    return Status::InvalidArgument(where + ": file '" + m.file + "' is not an absolute path");
  }
  bool has_flag_parts = !m.flag.empty() || !m.value.empty() || !m.value_prefix.empty();
  if (has_flag_parts && m.process.empty())
    return Status::InvalidArgument(where + ": flag and value belong to a process marker");
  if ((!m.value.empty() || !m.value_prefix.empty()) && m.flag.empty()) {
    return Status::InvalidArgument(where + ": a value needs its flag");
  }
  if (!m.value.empty() && !m.value_prefix.empty()) {
    return Status::InvalidArgument(where + ": give value or value_prefix, not both");
  }
  return m;
}

Result<std::vector<PlatformMarker>> ParseMarkers(const YAML::Node& node, bool required,
                                                 const std::string& where) {
  std::vector<PlatformMarker> out;
  if (!node && !required) return out;
  if (!node || !node.IsSequence() || node.size() == 0) {
    return Status::InvalidArgument(where + ": markers: a list of at least one marker is required");
  }
  for (const auto& m : node) {
    auto marker = ParseMarker(m, where + ": marker");
    if (!marker.ok()) return marker.status();
    out.push_back(std::move(marker).value());
  }
  return out;
}

Result<PlatformSpec> Parse(const YAML::Node& root, const std::string& origin) {
  Status s = CheckKeys(root, {"platform", "title", "rank", "markers", "variants", "notes"}, origin);
  if (!s.ok()) return s;
  if (s = RequireScalars(root, {"platform", "title", "rank"}, origin); !s.ok()) return s;
  PlatformSpec spec;
  spec.platform = root["platform"].as<std::string>();
  spec.title = root["title"].as<std::string>();
  spec.rank = root["rank"].as<int>();
  if (spec.platform == "unknown")
    return Status::InvalidArgument(origin + ": 'unknown' is the name for no platform");
  auto markers = ParseMarkers(root["markers"], true, origin);
  if (!markers.ok()) return markers.status();
  spec.markers = std::move(markers).value();
  for (const auto& v : root["variants"]) {
    std::string where = origin + ": variant";
    s = CheckKeys(v, {"name", "markers", "notes"}, where);
    if (!s.ok()) return s;
    if (s = RequireScalars(v, {"name"}, where); !s.ok()) return s;
    PlatformVariant variant;
    variant.name = v["name"].as<std::string>();
    auto variant_markers = ParseMarkers(v["markers"], false, where + " '" + variant.name + "'");
    if (!variant_markers.ok()) return variant_markers.status();
    variant.markers = std::move(variant_markers).value();
    spec.variants.push_back(std::move(variant));
  }
  return spec;
}

}  // namespace

const PlatformSpec* PlatformCatalog::Find(const std::string& platform) const {
  for (const auto& p : platforms) {
    if (p.platform == platform) return &p;
  }
  return nullptr;
}

Result<PlatformSpec> ParsePlatformSpec(const std::string& yaml_text, const std::string& origin) {
  return ParseRuleDocument(yaml_text, origin, [&](const YAML::Node& root) { return Parse(root, origin); });
}

Result<PlatformCatalog> LoadPlatformCatalog(const std::filesystem::path& dir) {
  PlatformCatalog catalog;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return catalog;
  auto files = ReadYamlFilesIn(dir);
  if (!files.ok()) return files.status();
  for (const auto& [path, text] : *files) {
    auto spec = ParsePlatformSpec(text, path.string());
    if (!spec.ok()) return spec.status();
    for (const auto& other : catalog.platforms) {
      if (other.platform == spec->platform || other.rank == spec->rank) {
        return Status::InvalidArgument(
            path.string() + ": platform " + spec->platform + " repeats the " +
            (other.platform == spec->platform ? "id" : "rank") + " of " + other.platform);
      }
    }
    catalog.platforms.push_back(std::move(spec).value());
  }
  std::sort(catalog.platforms.begin(), catalog.platforms.end(),
            [](const PlatformSpec& a, const PlatformSpec& b) { return a.rank < b.rank; });
  return catalog;
}

}  // namespace kubeproof
