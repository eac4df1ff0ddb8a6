#include "analyzer/rules/test.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {
namespace {

Result<std::uint32_t> ParseMode(const std::string& text, const std::string& where) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("01234567") != std::string::npos) {
    return Status::InvalidArgument(where + ": mode '" + text + "' is not octal (write it quoted, e.g. \"0600\")");
  }
  return static_cast<std::uint32_t>(std::stoul(text, nullptr, 8));
}

Result<FileRef> ParseFileRef(const YAML::Node& node, const std::string& where) {
  Status s = CheckKeys(node, {"manifest", "unit", "path", "paths", "setting", "component", "default"}, where + ": file");
  if (!s.ok()) return s;
  FileRef ref;
  int forms = 0;
  if (node["manifest"]) {
    ref.manifest = node["manifest"].as<bool>();
    ++forms;
  }
  if (node["unit"]) {
    ref.unit = node["unit"].as<bool>();
    ++forms;
  }
  if (node["path"]) {
    ref.paths.push_back(node["path"].as<std::string>());
    ++forms;
  }
  if (node["paths"]) {
    for (const auto& p : node["paths"]) ref.paths.push_back(p.as<std::string>());
    ++forms;
  }
  if (node["setting"]) {
    ref.setting = node["setting"].as<std::string>();
    ++forms;
  }
  if (node["component"]) ref.component = node["component"].as<std::string>();
  if (node["default"]) ref.fallback = node["default"].as<std::string>();
  if (forms != 1) {
    return Status::InvalidArgument(where + ": file needs exactly one of manifest, unit, path, paths, setting");
  }
  return ref;
}

Result<DirRef> ParseDirRef(const YAML::Node& node, const std::string& where) {
  Status s = CheckKeys(node, {"under", "under_any", "setting", "component", "cni_conf_dir", "glob"}, where + ": files");
  if (!s.ok()) return s;
  DirRef ref;
  int forms = 0;
  if (node["under"]) {
    ref.under.push_back(node["under"].as<std::string>());
    ++forms;
  }
  if (const YAML::Node any = node["under_any"]) {
    if (!any.IsSequence() || any.size() == 0) {
      return Status::InvalidArgument(where + ": files: 'under_any' needs a non-empty list of directories");
    }
    for (const auto& d : any) ref.under.push_back(d.as<std::string>());
    ++forms;
  }
  if (node["setting"]) {
    ref.setting = node["setting"].as<std::string>();
    ++forms;
  }
  if (node["cni_conf_dir"]) {
    if (!node["cni_conf_dir"].as<bool>()) {
      return Status::InvalidArgument(where + ": files: only 'cni_conf_dir: true' is supported");
    }
    ref.cni_conf_dir = true;
    ++forms;
  }
  if (node["component"]) {
    if (ref.setting.empty()) return Status::InvalidArgument(where + ": files: 'component' goes with 'setting'");
    ref.component = node["component"].as<std::string>();
  }
  if (forms != 1) {
    return Status::InvalidArgument(where +
                                   ": files needs exactly one of under, under_any, setting, cni_conf_dir: true");
  }
  return ref;
}

Status ParseFileProperties(const YAML::Node& node, Test& t, const std::string& where) {
  if (node["if_exists"]) t.if_exists = node["if_exists"].as<bool>();
  if (node["mode_at_most"]) {
    auto mode = ParseMode(node["mode_at_most"].as<std::string>(), where);
    if (!mode.ok()) return mode.status();
    t.mode_at_most = *mode;
  }
  if (node["owner"]) t.owner = node["owner"].as<std::string>();
  if (node["group"]) t.group = node["group"].as<std::string>();
  if (node["exists"]) {
    if (!node["exists"].as<bool>()) return Status::InvalidArgument(where + ": only 'exists: true' is supported");
    t.exists_only = true;
  }
  if (const YAML::Node p = node["first_provider"]) {
    Status s = CheckKeys(p, {"resource", "one_of"}, where + ": first_provider");
    if (!s.ok()) return s;
    if (!p["resource"] || !p["one_of"] || !p["one_of"].IsSequence() || p["one_of"].size() == 0) {
      return Status::InvalidArgument(where + ": first_provider needs 'resource' and a non-empty 'one_of' list");
    }
    ProviderRule rule{p["resource"].as<std::string>(), {}};
    for (const auto& name : p["one_of"]) rule.allowed.push_back(name.as<std::string>());
    t.first_provider = std::move(rule);
  }
  if (!t.mode_at_most && !t.owner && !t.group && !t.exists_only && !t.first_provider) {
    return Status::InvalidArgument(where + ": a file test needs mode_at_most, owner, group, exists or first_provider");
  }
  return Status::Ok();
}

const std::set<std::string> kFileProps = {"if_exists", "mode_at_most", "owner", "group", "exists", "first_provider"};

Result<std::shared_ptr<const Test>> Parse(const YAML::Node& node, const std::string& where, int depth) {
  if (depth > 16) return Status::InvalidArgument(where + ": tests nested too deeply");
  if (!node.IsMap()) return Status::InvalidArgument(where + ": a test must be a map");
  auto t = std::make_shared<Test>();
  if (node["all"] || node["any"]) {
    const char* key = node["all"] ? "all" : "any";
    Status s = CheckKeys(node, {key}, where);
    if (!s.ok()) return s;
    t->kind = node["all"] ? TestKind::kAll : TestKind::kAny;
    if (!node[key].IsSequence() || node[key].size() == 0) {
      return Status::InvalidArgument(where + ": '" + key + "' needs a non-empty list of tests");
    }
    for (const auto& child : node[key]) {
      auto c = Parse(child, where, depth + 1);
      if (!c.ok()) return c.status();
      t->children.push_back(*c);
    }
    return std::shared_ptr<const Test>(t);
  }
  if (node["not"]) {
    Status s = CheckKeys(node, {"not"}, where);
    if (!s.ok()) return s;
    t->kind = TestKind::kNot;
    auto c = Parse(node["not"], where, depth + 1);
    if (!c.ok()) return c.status();
    t->children.push_back(*c);
    return std::shared_ptr<const Test>(t);
  }
  if (node["files"]) {
    Status s = CheckKeys(node, {"files", "each", "if_exists"}, where);
    if (!s.ok()) return s;
    t->kind = TestKind::kFiles;
    auto dir = ParseDirRef(node["files"], where);
    if (!dir.ok()) return dir.status();
    t->dir = *dir;
    t->glob = node["files"]["glob"] ? node["files"]["glob"].as<std::string>() : "*";
    if (node["if_exists"]) t->if_exists = node["if_exists"].as<bool>();
    if (!node["each"]) return Status::InvalidArgument(where + ": files needs 'each'");
    s = CheckKeys(node["each"], {"mode_at_most", "owner", "group"}, where + ": each");
    if (!s.ok()) return s;
    s = ParseFileProperties(node["each"], *t, where + ": each");
    if (!s.ok()) return s;
    return std::shared_ptr<const Test>(t);
  }
  if (node["file"]) {
    std::set<std::string> allowed = kFileProps;
    allowed.insert("file");
    Status s = CheckKeys(node, allowed, where);
    if (!s.ok()) return s;
    t->kind = TestKind::kFile;
    auto ref = ParseFileRef(node["file"], where);
    if (!ref.ok()) return ref.status();
    t->file = *ref;
    s = ParseFileProperties(node, *t, where);
    if (!s.ok()) return s;
    return std::shared_ptr<const Test>(t);
  }
  if (!node["setting"]) {
    return Status::InvalidArgument(where + ": a test needs one of all, any, not, setting, file, files");
  }
  static const std::vector<std::pair<std::string, SettingOp>> kOps = {
      {"equals", SettingOp::kEquals},           {"not_equals", SettingOp::kNotEquals},
      {"set", SettingOp::kSet},                 {"at_least", SettingOp::kAtLeast},
      {"at_most", SettingOp::kAtMost},          {"greater_than", SettingOp::kGreaterThan},
      {"less_than", SettingOp::kLessThan},      {"contains", SettingOp::kContains},
      {"not_contains", SettingOp::kNotContains}, {"only", SettingOp::kOnly},
      {"plugin_enabled", SettingOp::kPluginEnabled}, {"plugin_disabled", SettingOp::kPluginDisabled},
      {"differs_from", SettingOp::kDiffersFrom},     {"loopback", SettingOp::kLoopback}};
  std::set<std::string> allowed = {"setting", "component", "key"};
  for (const auto& [k, op] : kOps) allowed.insert(k);
  Status s = CheckKeys(node, allowed, where);
  if (!s.ok()) return s;
  t->kind = TestKind::kSetting;
  t->setting = node["setting"].as<std::string>();
  if (node["component"]) t->component = node["component"].as<std::string>();
  if (node["key"]) t->key = node["key"].as<std::string>();
  int ops = 0;
  for (const auto& [k, op] : kOps) {
    const YAML::Node v = node[k];
    if (!v) continue;
    ++ops;
    t->op = op;
    if (op == SettingOp::kSet) {
      t->expect_set = v.as<bool>();
    } else if (op == SettingOp::kLoopback) {
      if (!v.IsScalar() || !v.as<bool>()) {
        return Status::InvalidArgument(where + ": only 'loopback: true' is supported");
      }
    } else if (op == SettingOp::kOnly) {
      if (!v.IsSequence()) return Status::InvalidArgument(where + ": 'only' needs a list");
      for (const auto& item : v) t->operands.push_back(item.as<std::string>());
    } else if (op == SettingOp::kDiffersFrom) {
      s = CheckKeys(v, {"component", "setting"}, where + ": differs_from");
      if (!s.ok()) return s;
      if (!v["setting"]) return Status::InvalidArgument(where + ": differs_from needs 'setting'");
      t->other_component = v["component"] ? v["component"].as<std::string>() : "";
      t->other_setting = v["setting"].as<std::string>();
    } else {
      if (!v.IsScalar()) return Status::InvalidArgument(where + ": '" + k + "' needs a scalar value");
      t->operand = v.as<std::string>();  // its type is checked against the setting's (test_validation.h)
    }
  }
  if (ops != 1) return Status::InvalidArgument(where + ": a setting test needs exactly one comparison");
  return std::shared_ptr<const Test>(t);
}

}  // namespace

Result<std::shared_ptr<const Test>> ParseTest(const YAML::Node& node, const std::string& where) {
  try {
    return Parse(node, where, 0);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(where + ": " + e.what());
  }
}

bool GlobMatch(const std::string& pattern, const std::string& name) {
  std::size_t p = 0, n = 0, star = std::string::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace kubeproof
