// The safe list (benchmarks/safe-settings.txt, compiled in): the flags, config key paths and
// environment variables whose values may leave a node. Everything not listed is redacted.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// How a safe key path's node is kept.
enum class KeyTreatment {
  kValue,    // its scalars are kept
  kCommand,  // a sequence of words: a command line starting with the program
  kArgs,     // a sequence of words: command-line arguments
  kFlag,     // a map key that is a flag: value kept when the flag is safe (k3s config.yaml)
};

struct KeyPattern {
  std::vector<std::string> segments;  // map keys; "[]" any sequence element; "*" any map key
  KeyTreatment treatment = KeyTreatment::kValue;
};

class SafeSettings {
 public:
  // The list compiled into the program.
  static const SafeSettings& Builtin();
  // Parses list text; errors name the line.
  static Result<SafeSettings> Parse(std::string_view text);

  bool IsSafeFlag(std::string_view name) const { return flags_.count(std::string(name)) != 0; }
  // A safe flag that never takes the next word as its value.
  bool IsBoolFlag(std::string_view name) const { return bool_flags_.count(std::string(name)) != 0; }
  // A flag whose value is `name=value` for an embedded component (--kube-apiserver-arg).
  bool IsPassThroughFlag(std::string_view name) const { return pass_through_.count(std::string(name)) != 0; }
  bool IsArgsVariable(std::string_view name) const;

  // The treatment of the node at `path` in a file of `profile`, or nullopt when its values are
  // not safe. An unknown profile has no safe paths.
  std::optional<KeyTreatment> TreatmentAt(std::string_view profile, const std::vector<std::string>& path) const;

  const std::set<std::string>& flags() const { return flags_; }
  const std::map<std::string, std::vector<KeyPattern>>& keys() const { return keys_; }

 private:
  std::set<std::string> flags_;
  std::set<std::string> bool_flags_;
  std::set<std::string> pass_through_;
  std::map<std::string, std::vector<KeyPattern>> keys_;  // by profile
  std::vector<std::string> variable_patterns_;
};

// The list's text as compiled in (generated from benchmarks/safe-settings.txt).
std::string_view BuiltinSafeSettingsText();

// Splits "a.b[].c" into {"a", "b", "[]", "c"}.
std::vector<std::string> SplitKeyPattern(std::string_view pattern);

}  // namespace kubeproof
