#include "collector/user_names.h"

#include <charconv>
#include <vector>

namespace kubeproof {
namespace {

// "name:x:id:..." lines; the first entry for an id wins, as getpwuid would return it.
void ParseIdFile(std::string_view text, std::map<std::int64_t, std::string>* out) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') continue;
    std::vector<std::string_view> fields;
    size_t f = 0;
    while (fields.size() < 3) {
      size_t colon = line.find(':', f);
      if (colon == std::string_view::npos) break;
      fields.push_back(line.substr(f, colon - f));
      f = colon + 1;
    }
    if (fields.size() < 3 || fields[0].empty()) continue;
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), id);
    if (ec != std::errc() || ptr != fields[2].data() + fields[2].size()) continue;
    out->emplace(id, std::string(fields[0]));
  }
}

}  // namespace

UserNames UserNames::Parse(std::string_view passwd, std::string_view group) {
  UserNames names;
  ParseIdFile(passwd, &names.users_);
  ParseIdFile(group, &names.groups_);
  return names;
}

std::optional<std::string> UserNames::User(std::int64_t uid) const {
  auto it = users_.find(uid);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> UserNames::Group(std::int64_t gid) const {
  auto it = groups_.find(gid);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kubeproof
