// UserNames: uid/gid to name from the node's own etc/passwd and etc/group (never this process's
// NSS, which inside a container would give the container's names).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kubeproof {

class UserNames {
 public:
  // Either text may be empty (file unreadable): lookups then return nullopt.
  static UserNames Parse(std::string_view passwd, std::string_view group);

  std::optional<std::string> User(std::int64_t uid) const;
  std::optional<std::string> Group(std::int64_t gid) const;

 private:
  std::map<std::int64_t, std::string> users_;
  std::map<std::int64_t, std::string> groups_;
};

}  // namespace kubeproof
