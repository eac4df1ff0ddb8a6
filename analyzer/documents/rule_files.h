// Reading the rules folder: its *.yaml files in name order, each file whole, and each as one YAML
// document within the rule-file limits.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// The *.yaml files directly in `dir`, in name order. A folder that cannot be listed, or a *.yaml
// that is not a regular file, is an error: never a catalog with fewer files than the folder holds.
Result<std::vector<std::filesystem::path>> YamlFilesIn(const std::filesystem::path& dir);

struct RuleFileText {
  std::filesystem::path path;
  std::string text;
};

// Every file YamlFilesIn(dir) lists, read whole, in the same order.
Result<std::vector<RuleFileText>> ReadYamlFilesIn(const std::filesystem::path& dir);

// The file's bytes; Status::NotFound when it cannot be opened, IoError when it cannot be read.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

// The same, refusing a file larger than `max_bytes` (Status::Limit, "PATH: larger than N bytes
// (limit)") without reading more than one byte past it.
Result<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes);

// `text` as one YAML document within the default DocumentLimits; errors name `origin`.
Result<YAML::Node> LoadRuleDocument(const std::string& text, const std::string& origin);

// `parse` run on LoadRuleDocument(text, origin); a yaml-cpp error it throws (a node read as the
// wrong type) becomes one line naming `origin`.
template <typename Parse>
auto ParseRuleDocument(const std::string& text, const std::string& origin, Parse parse)
    -> decltype(parse(YAML::Node())) {
  auto document = LoadRuleDocument(text, origin);
  if (!document.ok()) return document.status();
  try {
    return parse(*document);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(origin + ": " + e.what());
  }
}

}  // namespace kubeproof
