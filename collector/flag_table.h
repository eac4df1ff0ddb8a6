// The flag table: which components the collector recognises, which of their flags name files
// (and how each file is handled). Data, in one place; which values may leave the node is the
// safe list's business (common/safe_settings.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collector/file_kind.h"

namespace kubeproof {

// One bit per component, so a flag rule can name several.
enum ComponentBit : std::uint32_t {
  kApiServer = 1u << 0,
  kControllerManager = 1u << 1,
  kScheduler = 1u << 2,
  kEtcd = 1u << 3,
  kKubelet = 1u << 4,
  kKubeProxy = 1u << 5,
  kK3sServer = 1u << 6,
  kK3sAgent = 1u << 7,
};
inline constexpr std::uint32_t kAllComponents = 0xffu;
inline constexpr std::uint32_t kK3s = kK3sServer | kK3sAgent;

struct ComponentInfo {
  std::string_view name;  // as written in processes.json ("kube-apiserver", "k3s-server")
  std::uint32_t bit;
};
std::span<const ComponentInfo> Components();
std::optional<std::uint32_t> ComponentBitByName(std::string_view name);
std::string_view ComponentName(std::uint32_t bit);

// A flag whose value is a path the collector examines.
struct PathFlag {
  std::string_view flag;  // without leading dashes
  std::uint32_t components;
  FileKind kind;
};
// The rule for `flag` (no dashes) of `component`, or nullptr when its value is not a path we want.
const PathFlag* FindPathFlag(std::uint32_t component, std::string_view flag);

// k3s passes flags through to embedded components: --kube-apiserver-arg=audit-policy-file=/x.
std::optional<std::uint32_t> PassThroughTarget(std::string_view flag);

// A parsed command-line option: "--name=value", "--name value" or "-name value" (etcd's Go flag).
struct ParsedFlag {
  std::string name;
  std::string value;
  std::size_t name_index = 0;   // argv index holding the name
  std::size_t value_index = 0;  // argv index holding the value (== name_index for --x=v)
};
// Flags with a value. A separate value word is taken only when `takes_value(name)` says the flag
// needs one, so a bare boolean never swallows the next word.
template <typename TakesValue>
std::vector<ParsedFlag> ParseFlags(const std::vector<std::string>& argv, std::size_t first,
                                   TakesValue takes_value) {
  std::vector<ParsedFlag> flags;
  for (std::size_t i = first; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-' || arg == "--") continue;
    std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
    std::size_t eq = body.find('=');
    if (eq != std::string::npos) {
      flags.push_back({body.substr(0, eq), body.substr(eq + 1), i, i});
    } else if (i + 1 < argv.size() && takes_value(body) &&
               (argv[i + 1].empty() || argv[i + 1][0] != '-')) {
      flags.push_back({body, argv[i + 1], i, i + 1});
      ++i;
    }
  }
  return flags;
}

// A path-valued flag found on a command line, with k3s pass-through arguments unwrapped.
struct PathFlagUse {
  std::uint32_t component;  // the component the flag belongs to (the embedded one for pass-through)
  std::string flag;         // without dashes
  std::string value;
  const PathFlag* rule;
};
// Every flag of argv[first..] whose value is a path the table wants, for a process of `component`.
std::vector<PathFlagUse> FindPathFlagUses(const std::vector<std::string>& argv, std::size_t first,
                                          std::uint32_t component);

}  // namespace kubeproof
