#include "analyzer/documents/rule_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "analyzer/documents/yaml_document.h"

namespace kubeproof {

Result<std::vector<std::filesystem::path>> YamlFilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    if (path.extension() != ".yaml") continue;
    if (!it->is_regular_file(ec) && !ec) return Status::IoError(path.string() + ": not a regular file");
    files.push_back(path);
  }
  if (ec) return Status::IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path.string());
  return text.str();
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IoError("cannot read " + path.string());
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes) {
    return Status::Limit(path.string() + ": larger than " + std::to_string(max_bytes) + " bytes (limit)");
  }
  return text;
}

Result<std::vector<RuleFileText>> ReadYamlFilesIn(const std::filesystem::path& dir) {
  auto paths = YamlFilesIn(dir);
  if (!paths.ok()) return paths.status();
  std::vector<RuleFileText> files;
  for (const auto& path : *paths) {
    auto text = ReadWholeFile(path);
    if (!text.ok()) return text.status();
    files.push_back({path, std::move(text).value()});
  }
  return files;
}

Result<YAML::Node> LoadRuleDocument(const std::string& text, const std::string& origin) {
  auto document = LoadYamlDocument(text, DocumentLimits());
  if (!document.ok()) return Status::InvalidArgument(origin + ": " + document.status().message());
  return document;
}

}  // namespace kubeproof
