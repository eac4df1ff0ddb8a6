#include "tools/sample_nodes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace kubeproof::samples {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kCanaryPrefix = "KUBEPROOF-CANARY";

bool IsCanaryChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool ParseUnsigned(const std::string& text, int base, std::uint32_t& out) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = c - '0';
    if (digit < 0 || digit >= base) return false;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
  }
  if (value > 0xffffffffu) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

// A relative path with no empty, `.` or `..` component: it cannot leave the node root.
bool IsContainedPath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  for (const auto& part : fs::path(path)) {
    if (part.empty() || part == "." || part == "..") return false;
  }
  return path.back() != '/';
}

void Chmod(const fs::path& path, std::uint32_t mode) {
  if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
    throw std::runtime_error("chmod " + path.string() + ": " + std::strerror(errno));
  }
}

void Chown(const fs::path& path, std::uint32_t uid, std::uint32_t gid) {
  if (::lchown(path.c_str(), static_cast<uid_t>(uid), static_cast<gid_t>(gid)) != 0) {
    throw std::runtime_error("chown " + path.string() + ": " + std::strerror(errno));
  }
}

}  // namespace

fs::path SampleNodesDir() { return fs::path(KUBEPROOF_SOURCE_DIR) / "samples" / "nodes"; }

std::vector<SampleNode> ListSampleNodes() {
  std::vector<SampleNode> nodes;
  for (const auto& cluster : fs::directory_iterator(SampleNodesDir())) {
    if (!cluster.is_directory()) continue;
    for (const auto& node : fs::directory_iterator(cluster.path())) {
      if (!node.is_directory()) continue;
      nodes.push_back({cluster.path().filename().string(), node.path().filename().string(),
                       node.path()});
    }
  }
  std::sort(nodes.begin(), nodes.end(), [](const SampleNode& a, const SampleNode& b) {
    return a.cluster != b.cluster ? a.cluster < b.cluster : a.node < b.node;
  });
  return nodes;
}

std::vector<SampleAttribute> ReadSampleAttributes(const SampleNode& node) {
  fs::path attrs_path = node.source.parent_path() / (node.node + ".attrs");
  std::vector<SampleAttribute> attributes;
  if (!fs::exists(attrs_path)) return attributes;
  std::istringstream lines(ReadWholeFile(attrs_path));
  std::string line;
  int line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string mode, uid, gid, path, extra;
    fields >> mode >> uid >> gid >> path >> extra;
    SampleAttribute attribute;
    bool ok = (mode.size() == 3 || mode.size() == 4) && ParseUnsigned(mode, 8, attribute.mode) &&
              ParseUnsigned(uid, 10, attribute.uid) && ParseUnsigned(gid, 10, attribute.gid) &&
              IsContainedPath(path) && extra.empty();
    if (!ok) {
      throw std::runtime_error(attrs_path.string() + ":" + std::to_string(line_no) +
                               ": malformed line: " + line);
    }
    attribute.path = path;
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

fs::path StageSampleNode(const SampleNode& node, const fs::path& into) {
  fs::path target = into / node.cluster / node.node;
  std::error_code ec;
  fs::remove_all(target, ec);
  fs::create_directories(target.parent_path());
  fs::copy(node.source, target, fs::copy_options::recursive | fs::copy_options::copy_symlinks);

  const bool as_root = ::geteuid() == 0;
  if (as_root) Chown(target, 0, 0);
  Chmod(target, 0755);
  for (auto it = fs::recursive_directory_iterator(target); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::file_status status = it->symlink_status();
    if (as_root) Chown(it->path(), 0, 0);
    if (fs::is_symlink(status)) continue;
    Chmod(it->path(), fs::is_directory(status) ? 0755 : 0644);
  }

  for (const SampleAttribute& attribute : ReadSampleAttributes(node)) {
    fs::path path = target / attribute.path;
    if (!fs::exists(fs::symlink_status(path)) || fs::is_symlink(fs::symlink_status(path))) {
      throw std::runtime_error(node.cluster + "/" + node.node + ".attrs: " + attribute.path +
                               " does not exist in the tree");
    }
    Chmod(path, attribute.mode);
    if (as_root) Chown(path, attribute.uid, attribute.gid);
  }
  return target;
}

std::vector<std::string> SampleCanaries() {
  std::set<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(SampleNodesDir())) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    const std::string content = ReadWholeFile(entry.path());
    for (std::size_t at = content.find(kCanaryPrefix); at != std::string::npos;
         at = content.find(kCanaryPrefix, at + 1)) {
      std::size_t end = at + kCanaryPrefix.size();
      while (end < content.size() && IsCanaryChar(content[end])) ++end;
      found.insert(content.substr(at, end - at));
    }
  }
  return {found.begin(), found.end()};
}

}  // namespace kubeproof::samples
