#include "analyzer/rules/test_validation.h"

#include <cstdlib>

#include "analyzer/settings/command_line.h"

namespace kubeproof {
namespace {

bool IsNumber(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  (void)std::strtod(text.c_str(), &end);
  return end != nullptr && *end == '\0';
}

// Whether `operand` can be a value of a setting of `type`, as the evaluator will compare it.
bool Fits(FlagType type, const std::string& operand) {
  switch (type) {
    case FlagType::kBool: return ParseBool(operand).has_value();
    case FlagType::kInt: return IsNumber(operand);
    case FlagType::kDuration: return ParseDurationSeconds(operand).has_value();
    case FlagType::kString:
    case FlagType::kList:
    case FlagType::kMap: return true;
  }
  return true;
}

bool IsOrdering(SettingOp op) {
  return op == SettingOp::kAtLeast || op == SettingOp::kAtMost || op == SettingOp::kGreaterThan ||
         op == SettingOp::kLessThan;
}

Result<const FlagSpec*> KnownSetting(const std::string& component, const std::string& setting,
                                     const ComponentCatalog& catalog, const std::string& where) {
  const ComponentSpec* spec = catalog.Find(component);
  if (spec == nullptr) return Status::InvalidArgument(where + ": unknown component '" + component + "'");
  const FlagSpec* flag = spec->FindFlag(setting);
  if (flag == nullptr) {
    return Status::InvalidArgument(where + ": setting '" + setting + "' is not a known setting of " + component +
                                   " (components/" + component + ".yaml)");
  }
  return flag;
}

Status ValidateSetting(const Test& t, const std::string& component, const ComponentCatalog& catalog,
                       const std::string& where) {
  auto flag = KnownSetting(component, t.setting, catalog, where);
  if (!flag.ok()) return flag.status();
  if (t.op == SettingOp::kDiffersFrom) {
    const std::string& other = t.other_component.empty() ? component : t.other_component;
    return KnownSetting(other, t.other_setting, catalog, where + ": differs_from").status();
  }
  // A map key's value is compared as a boolean (feature gates), as the evaluator does.
  FlagType type = (*flag)->type;
  if (t.key) {
    if (type != FlagType::kMap) {
      return Status::InvalidArgument(where + ": key '" + *t.key + "' needs a map setting, and " + t.setting + " is " +
                                     std::string(FlagTypeName(type)));
    }
    type = FlagType::kBool;
  }
  // A bind address is text: a bool, number or map has no host to judge.
  if (t.op == SettingOp::kLoopback && type != FlagType::kString) {
    return Status::InvalidArgument(where + ": loopback needs a string setting (a bind address), and " + t.setting +
                                   (t.key ? " " + *t.key : "") + " is " + std::string(FlagTypeName(type)));
  }
  if (IsOrdering(t.op) && type != FlagType::kInt && type != FlagType::kDuration) {
    return Status::InvalidArgument(where + ": " + t.setting + " is " + std::string(FlagTypeName(type)) +
                                   ", which has no order; at_least, at_most, greater_than and less_than need int or duration");
  }
  bool compares_value = t.op == SettingOp::kEquals || t.op == SettingOp::kNotEquals || IsOrdering(t.op);
  if (compares_value && !Fits(type, t.operand)) {
    return Status::InvalidArgument(where + ": '" + t.operand + "' does not fit " + t.setting + (t.key ? " " + *t.key : "") +
                                   ", whose type is " + std::string(FlagTypeName(type)));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateTest(const Test& t, const std::string& component, const ComponentCatalog& catalog,
                    const std::string& where) {
  switch (t.kind) {
    case TestKind::kAll:
    case TestKind::kAny:
    case TestKind::kNot:
      for (const auto& child : t.children) {
        if (Status s = ValidateTest(*child, component, catalog, where); !s.ok()) return s;
      }
      return Status::Ok();
    case TestKind::kSetting:
      return ValidateSetting(t, t.component.empty() ? component : t.component, catalog, where);
    case TestKind::kFile:
      if (t.file.setting.empty()) return Status::Ok();
      return KnownSetting(t.file.component.empty() ? component : t.file.component, t.file.setting, catalog,
                          where + ": file").status();
    case TestKind::kFiles:
      if (t.dir.setting.empty()) return Status::Ok();
      return KnownSetting(t.dir.component.empty() ? component : t.dir.component, t.dir.setting, catalog,
                          where + ": files").status();
  }
  return Status::Ok();
}

}  // namespace kubeproof
