// Test: a check's test tree as loaded from a rule file (schema/RULES.md, "Tests").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace YAML {
class Node;
}

namespace kubeproof {

enum class TestKind { kAll, kAny, kNot, kSetting, kFile, kFiles };

enum class SettingOp {
  kEquals, kNotEquals, kSet, kAtLeast, kAtMost, kGreaterThan, kLessThan,
  kContains, kNotContains, kOnly, kPluginEnabled, kPluginDisabled, kDiffersFrom, kLoopback
};

// Which file(s) a file test looks at.
struct FileRef {
  bool manifest = false;                // the component's static pod manifest
  bool unit = false;                    // the component's systemd unit and every drop-in
  std::vector<std::string> paths;       // fixed paths: the first one recorded as existing
  std::string setting;                  // or the path a setting names
  std::string component;                // component of `setting`; empty: the check's
  std::optional<std::string> fallback;  // path when `setting` is unset
};

// Which directory a `files` test walks: exactly one form is given.
struct DirRef {
  std::vector<std::string> under;  // `under: DIR`, or `under_any: [..]`: the first recorded as existing
  std::string setting;             // or the directory a setting names (e.g. the kubelet's config-dir)
  std::string component;           // component of `setting`; empty: the check's
  bool cni_conf_dir = false;       // or the CNI configuration directory in use
};

// The provider an EncryptionConfiguration file writes `resource` with must be one of `allowed`.
struct ProviderRule {
  std::string resource;  // "secrets", or "name.group"
  std::vector<std::string> allowed;
};

struct Test {
  TestKind kind = TestKind::kSetting;
  std::vector<std::shared_ptr<const Test>> children;  // all/any: several; not: one

  // Setting tests.
  std::string component;  // empty: the check's component
  std::string setting;
  std::optional<std::string> key;  // a map setting's key, e.g. a feature gate
  SettingOp op = SettingOp::kSet;
  std::string operand;
  std::vector<std::string> operands;  // only
  bool expect_set = true;             // set: true/false
  std::string other_component, other_setting;  // differs_from

  // File tests.
  FileRef file;
  bool if_exists = false;
  std::optional<std::uint32_t> mode_at_most;
  std::optional<std::string> owner;
  std::optional<std::string> group;
  bool exists_only = false;  // exists: true, no other property
  std::optional<ProviderRule> first_provider;  // judged on the file's content
  // Per-file iteration: `files: {under | under_any | setting | cni_conf_dir, glob}` with `each`
  // holding the properties.
  DirRef dir;
  std::string glob;
};

// Parses a test map; `where` names the file and check in errors. Unknown keys are errors.
Result<std::shared_ptr<const Test>> ParseTest(const YAML::Node& node, const std::string& where);

// Glob with '*' and '?' over a file name.
bool GlobMatch(const std::string& pattern, const std::string& name);

}  // namespace kubeproof
