#include "analyzer/rules/evaluator.h"

#include <algorithm>
#include <map>
#include <memory>
#include <cstdlib>
#include <set>
#include <variant>

#include "analyzer/rules/bind_address.h"
#include "analyzer/rules/encryption_config.h"
#include "analyzer/rules/test.h"
#include "analyzer/settings/cni_conf_dir.h"
#include "analyzer/settings/command_line.h"
#include "analyzer/settings/effective_settings.h"
#include "analyzer/settings/file_lookup.h"
#include "analyzer/settings/systemd_unit.h"
#include "common/redaction.h"
#include "common/unit_directories.h"

namespace kubeproof {
namespace {

struct Outcome {
  CheckStatus status = CheckStatus::kUnverifiable;
  std::string actual;
  std::string source;
  std::string reason;
  ReasonCode code = ReasonCode::kNone;  // set for UNVERIFIABLE
};

Outcome Unverifiable(ReasonCode code, std::string reason, std::string source = "") {
  return {CheckStatus::kUnverifiable, "", std::move(source), std::move(reason), code};
}

ReasonCode AbsenceCode(const ComponentInstance& inst) {
  switch (inst.absence) {
    case AbsenceCause::kNotOnNode: return ReasonCode::kComponentAbsent;
    case AbsenceCause::kProcessViewLimited: return ReasonCode::kProcessViewLimited;
    case AbsenceCause::kDeclarationUnreadable: return ReasonCode::kDeclarationUnreadable;
  }
  return ReasonCode::kComponentAbsent;
}

ReasonCode UnknownCode(UnknownCause cause) {
  switch (cause) {
    case UnknownCause::kConfigUnreadable: return ReasonCode::kConfigUnreadable;
    case UnknownCause::kDistributionChoice: return ReasonCode::kDistributionChoice;
    case UnknownCause::kDeclarationUnreadable: return ReasonCode::kDeclarationUnreadable;
  }
  return ReasonCode::kConfigUnreadable;
}

Outcome Absent(const std::string& component, const ComponentInstance& inst, std::string source = "") {
  return Unverifiable(AbsenceCode(inst), component + " " + inst.absent_reason, std::move(source));
}

std::string OctalMode(std::uint32_t mode) {
  std::string out(4, '0');
  for (int i = 3; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + (mode & 7U));
    mode >>= 3;
  }
  return out;
}

// The collector withheld (part of) this value: it must not be compared with anything.
bool IsRedacted(const std::string& value) { return value.find(kRedactedValue) != std::string::npos; }

std::string Redacted(const std::string& what) {
  return what + ": value redacted by the collector, so it cannot be judged";
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Holds each component's resolved settings for one node, built on first use.
class NodeContext {
 public:
  NodeContext(const Benchmark& b, const NodeEvidence& e, const EvaluationOptions& o)
      : benchmark_(b), evidence_(e), options_(o) {}

  const NodeEvidence& evidence() const { return evidence_; }

  const ComponentSettings* Get(const std::string& component) {
    auto it = cache_.find(component);
    if (it != cache_.end()) return it->second.get();
    const ComponentSpec* spec = benchmark_.components ? benchmark_.components->Find(component) : nullptr;
    std::unique_ptr<ComponentSettings> settings;
    if (spec != nullptr) {
      ComponentInstance inst = FindInstance(*spec, evidence_, benchmark_.distributions.get());
      VersionChoice v = ChooseVersion(component, evidence_, inst, options_.kubernetes_version,
                                      benchmark_.assumed_kubernetes, benchmark_.id);
      settings = std::make_unique<ComponentSettings>(*spec, evidence_, std::move(inst), std::move(v));
    }
    return (cache_[component] = std::move(settings)).get();
  }

 private:
  const Benchmark& benchmark_;
  const NodeEvidence& evidence_;
  const EvaluationOptions& options_;
  std::map<std::string, std::unique_ptr<ComponentSettings>> cache_;
};

class CheckEvaluator {
 public:
  CheckEvaluator(NodeContext& ctx, const CheckDefinition& check) : ctx_(ctx), check_(check) {}

  Outcome Run(const Test& t) {
    switch (t.kind) {
      case TestKind::kAll: return Combine(t, true);
      case TestKind::kAny: return Combine(t, false);
      case TestKind::kNot: {
        Outcome o = Run(*t.children.front());
        if (o.status == CheckStatus::kPass) {
          o.status = CheckStatus::kFail;
          o.reason = "not expected: " + o.reason;
        } else if (o.status == CheckStatus::kFail) {
          o.status = CheckStatus::kPass;
        }
        return o;
      }
      case TestKind::kSetting: return Setting(t);
      case TestKind::kFile: return File(t);
      case TestKind::kFiles: return Files(t);
    }
    return Unverifiable(ReasonCode::kNoFacts, "unknown test");
  }

 private:
  const std::string& ComponentOf(const std::string& c) const { return c.empty() ? check_.component : c; }

  // all: any FAIL fails, else any UNVERIFIABLE; any: any PASS passes, else any UNVERIFIABLE.
  Outcome Combine(const Test& t, bool all) {
    std::vector<Outcome> parts;
    for (const auto& c : t.children) parts.push_back(Run(*c));
    CheckStatus decisive = all ? CheckStatus::kFail : CheckStatus::kPass;
    CheckStatus otherwise = all ? CheckStatus::kPass : CheckStatus::kFail;
    Outcome out;
    if (std::any_of(parts.begin(), parts.end(), [&](const Outcome& o) { return o.status == decisive; })) {
      out.status = decisive;
    } else if (std::any_of(parts.begin(), parts.end(), [](const Outcome& o) { return o.status == CheckStatus::kUnverifiable; })) {
      out.status = CheckStatus::kUnverifiable;
    } else {
      out.status = otherwise;
    }
    std::set<std::string> seen_sources;
    for (const auto& p : parts) {
      if (!p.actual.empty()) out.actual += (out.actual.empty() ? "" : "; ") + p.actual;
      if (!p.source.empty() && seen_sources.insert(p.source).second) {
        out.source += (out.source.empty() ? "" : "; ") + p.source;
      }
      bool relevant = p.status == out.status || (out.status == CheckStatus::kUnverifiable && p.status == CheckStatus::kUnverifiable);
      if (relevant && !p.reason.empty()) out.reason += (out.reason.empty() ? "" : "; ") + p.reason;
      if (relevant && out.code == ReasonCode::kNone) out.code = p.code;
    }
    return out;
  }

  Outcome Setting(const Test& t) {
    const std::string& component = ComponentOf(t.component);
    const ComponentSettings* cs = ctx_.Get(component);
    if (cs == nullptr) return Unverifiable(ReasonCode::kNoFacts, "no facts for component " + component);
    if (!cs->instance().present()) return Absent(component, cs->instance());
    if (cs->instance().unverifiable) return Unverifiable(ReasonCode::kDeclarationUnreadable, *cs->instance().unverifiable);
    if (t.op == SettingOp::kPluginEnabled || t.op == SettingOp::kPluginDisabled) return Plugin(t, *cs);

    ResolvedSetting r = cs->Resolve(t.setting);
    std::string label = "--" + t.setting;
    std::string value = r.value;
    std::string source = r.source;
    bool set = r.set;
    if (t.key) {
      label += " " + *t.key;
      auto it = r.entries.find(*t.key);
      set = it != r.entries.end();
      value = set ? it->second.value : "";
      source = set ? it->second.source : "not set by the command line" + std::string(r.unverifiable ? "" : ", the config file or a default");
      // A key is known only when its value comes from above every unreadable config source.
      if (set) r.unverifiable = it->second.unverifiable;
    }
    if (r.unverifiable) return Unverifiable(UnknownCode(r.cause), *r.unverifiable, source);
    std::string actual = set ? label + " = " + (value.empty() ? "\"\"" : value) : label + " not set";
    if (WithheldFrom(t, *cs, set, value)) {
      return {CheckStatus::kUnverifiable, actual, source, Redacted(label), ReasonCode::kValueRedacted};
    }

    auto result = [&](bool pass, std::string reason) {
      return Outcome{pass ? CheckStatus::kPass : CheckStatus::kFail, actual, source, std::move(reason)};
    };
    if (t.op == SettingOp::kSet) {
      return result(set == t.expect_set, set ? label + " is set" : label + " is not set");
    }
    if (t.op == SettingOp::kDiffersFrom) return Differs(t, *cs, r, actual, source);
    if (!set) {
      bool negative = t.op == SettingOp::kNotEquals || t.op == SettingOp::kNotContains;
      return result(negative, label + " is not set from any source" +
                                  std::string(negative ? ", so it cannot hold " + t.operand : ""));
    }
    const FlagType type = t.key ? FlagType::kBool : r.type;
    switch (t.op) {
      case SettingOp::kEquals:
      case SettingOp::kNotEquals: {
        bool equal = SameValue(type, value, t.operand);
        bool pass = (t.op == SettingOp::kEquals) == equal;
        if (t.op == SettingOp::kEquals) {
          return result(pass, label + " is " + value + (pass ? ", as required" : ", expected " + t.operand));
        }
        return result(pass, label + " is " + value + (pass ? ", not " + t.operand : ", which is not allowed"));
      }
      case SettingOp::kAtLeast:
      case SettingOp::kAtMost:
      case SettingOp::kGreaterThan:
      case SettingOp::kLessThan: {
        auto number = Number(type, value);
        auto bound = Number(type, t.operand);  // a duration's bound is a duration too
        if (!number || !bound) return result(false, value + " is not a number");
        bool pass = t.op == SettingOp::kAtLeast ? *number >= *bound
                    : t.op == SettingOp::kAtMost ? *number <= *bound
                    : t.op == SettingOp::kGreaterThan ? *number > *bound
                                                      : *number < *bound;
        const char* bound_words = t.op == SettingOp::kAtLeast ? "at least " : t.op == SettingOp::kAtMost ? "at most "
                                  : t.op == SettingOp::kGreaterThan ? "more than " : "less than ";
        return result(pass, label + " is " + value + (pass ? ", " : ", not ") + bound_words + t.operand);
      }
      case SettingOp::kContains:
      case SettingOp::kNotContains: {
        std::vector<std::string> items = r.type == FlagType::kList ? r.items : SplitList(value);
        bool has = std::find(items.begin(), items.end(), t.operand) != items.end();
        bool pass = (t.op == SettingOp::kContains) == has;
        return result(pass, label + (has ? " includes " : " does not include ") + t.operand);
      }
      case SettingOp::kOnly: {
        std::vector<std::string> items = r.type == FlagType::kList ? r.items : SplitList(value);
        std::vector<std::string> outside;
        for (const auto& i : items) {
          if (std::find(t.operands.begin(), t.operands.end(), i) == t.operands.end()) outside.push_back(i);
        }
        if (items.empty()) return result(false, label + " is empty");
        std::string list;
        for (const auto& o : outside) list += (list.empty() ? "" : ", ") + o;
        return result(outside.empty(), outside.empty() ? "every element is allowed" : "not allowed: " + list);
      }
      case SettingOp::kLoopback: {
        if (value.empty()) return result(true, label + " is empty, so nothing listens on it");
        std::string host = BindHost(value);
        bool pass = IsLoopbackHost(host);
        bool every = host.empty() || host == "0.0.0.0" || host == "::";
        std::string shown = every ? "every interface (" + (host.empty() ? "no host" : host) + ")" : host;
        return result(pass, label + " binds " + shown + (pass ? ", a loopback address" : ", not a loopback address"));
      }
      default:
        break;
    }
    return Unverifiable(ReasonCode::kNoFacts, "unsupported comparison");
  }

  // Whether the value a setting test compares was withheld by the collector. Presence (`set`)
  // is still known; a map withheld whole on the command line hides every key.
  static bool WithheldFrom(const Test& t, const ComponentSettings& cs, bool set, const std::string& value) {
    if (t.key) {
      for (const auto& a : cs.instance().args) {
        if (a.flag == t.setting && IsRedacted(a.value) && a.value.find('=') == std::string::npos) return true;
      }
    }
    return t.op != SettingOp::kSet && set && IsRedacted(value);
  }

  static bool SameValue(FlagType type, const std::string& a, const std::string& b) {
    if (type == FlagType::kBool) {
      auto x = ParseBool(a), y = ParseBool(b);
      if (x && y) return *x == *y;
    }
    if (type == FlagType::kDuration) {
      auto x = ParseDurationSeconds(a), y = ParseDurationSeconds(b);
      if (x && y) return *x == *y;
    }
    if (type == FlagType::kInt) {
      auto x = Number(type, a), y = Number(type, b);
      if (x && y) return *x == *y;
    }
    return a == b;
  }

  static std::optional<double> Number(FlagType type, const std::string& s) {
    if (type == FlagType::kDuration) return ParseDurationSeconds(s);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == nullptr || *end != '\0') return std::nullopt;
    return d;
  }

  // Enabled: named in --enable-admission-plugins, or on by default for the version and not in
  // --disable-admission-plugins; the legacy --admission-control list replaces both when given.
  Outcome Plugin(const Test& t, const ComponentSettings& cs) {
    const ComponentSpec& spec = cs.spec();
    if (!spec.admission_plugins) return Unverifiable(ReasonCode::kNoFacts, spec.component + " has no admission plugin facts");
    const AdmissionPluginSpec& ap = *spec.admission_plugins;
    const std::string& p = t.operand;
    auto has = [&](const ResolvedSetting& r) { return std::find(r.items.begin(), r.items.end(), p) != r.items.end(); };
    ResolvedSetting enable = cs.Resolve(ap.enable_flag);
    ResolvedSetting disable = cs.Resolve(ap.disable_flag);
    ResolvedSetting legacy = ap.legacy_flag.empty() ? ResolvedSetting{} : cs.Resolve(ap.legacy_flag);
    for (const ResolvedSetting* list : {&enable, &disable, &legacy}) {
      if (list->set && IsRedacted(list->value)) {
        return {CheckStatus::kUnverifiable, "--" + list->name + " = " + list->value, list->source,
                Redacted("--" + list->name), ReasonCode::kValueRedacted};
      }
    }
    bool enabled = false;
    std::string actual, source;
    if (legacy.set && legacy.origin == SettingOrigin::kCommandLine) {
      enabled = has(legacy);
      actual = p + (enabled ? " listed in --" : " not listed in --") + ap.legacy_flag;
      source = legacy.source;
    }
    // A distribution running the API server in-process picks its plugins; unknown for this node,
    // only a plugin the evidence names is known.
    const ComponentInstance& inst = cs.instance();
    if (source.empty() && inst.distribution_unknown && !has(enable) && !has(disable)) {
      const std::string& name = inst.distribution->distribution;
      return Unverifiable(ReasonCode::kDistributionChoice,
                          name + " chooses its embedded " + spec.component + "'s admission plugins; " + p + " is not named in --" +
                              ap.enable_flag + " or --" + ap.disable_flag + " given to " + name + ", and " +
                              *inst.distribution_unknown,
                          "not given to " + name + " on its command line or in its config file");
    }
    // A plugin named nowhere is judged on both lists and the defaults, so both must be known.
    for (const ResolvedSetting* r : {&enable, &disable}) {
      if (source.empty() && !has(enable) && !has(disable) && r->unverifiable) {
        return Unverifiable(UnknownCode(r->cause), *r->unverifiable, r->source);
      }
    }
    if (source.empty()) {
      bool by_default = false;
      for (const auto& range : ap.default_enabled) {
        if (cs.version().minor >= range.first_minor && cs.version().minor <= range.last_minor) {
          by_default = std::find(range.plugins.begin(), range.plugins.end(), p) != range.plugins.end();
        }
      }
      std::string version_note = "default plugins of Kubernetes " + cs.version().text +
                                 (cs.version().assumed ? " (version " + cs.version().origin + ")" : "");
      if (has(disable)) {
        actual = p + " disabled by --" + ap.disable_flag;
        source = disable.source;
      } else if (has(enable)) {
        enabled = true;
        actual = p + " enabled by --" + ap.enable_flag;
        source = enable.source;
      } else if (by_default) {
        enabled = true;
        actual = p + " on by default, not disabled";
        source = version_note;
      } else {
        actual = p + " not enabled (not in --" + ap.enable_flag + " nor on by default)";
        source = enable.set ? enable.source + "; " + version_note : version_note;
      }
    }
    bool want = t.op == SettingOp::kPluginEnabled;
    return {enabled == want ? CheckStatus::kPass : CheckStatus::kFail, actual, source,
            p + (enabled ? " is enabled" : " is not enabled")};
  }

  Outcome Differs(const Test& t, const ComponentSettings& cs, const ResolvedSetting& mine, const std::string& actual,
                  const std::string& source) {
    const std::string& other_component = ComponentOf(t.other_component);
    const ComponentSettings* other = ctx_.Get(other_component);
    if (other == nullptr) return Unverifiable(ReasonCode::kNoFacts, "no facts for component " + other_component, source);
    if (!other->instance().present()) return Absent(other_component, other->instance(), source);
    ResolvedSetting theirs = other->Resolve(t.other_setting);
    if (theirs.unverifiable) return Unverifiable(ReasonCode::kConfigUnreadable, *theirs.unverifiable, theirs.source);
    std::string full_actual = actual + "; " + other_component + " --" + t.other_setting + " = " +
                              (theirs.set ? theirs.value : "not set");
    std::string full_source = source + "; " + theirs.source;
    if (!mine.set) return {CheckStatus::kFail, full_actual, full_source, "--" + t.setting + " is not set"};
    if (theirs.set && IsRedacted(theirs.value)) {
      return {CheckStatus::kUnverifiable, full_actual, full_source, Redacted(other_component + " --" + t.other_setting),
              ReasonCode::kValueRedacted};
    }
    if (!theirs.set) return {CheckStatus::kPass, full_actual, full_source, "the other setting is not set"};
    // Compared as the files they name, so relative paths are made absolute first.
    ResolvedSetting my_path = cs.ResolvePath(t.setting), their_path = other->ResolvePath(t.other_setting);
    if (my_path.unverifiable) return Unverifiable(ReasonCode::kConfigUnreadable, *my_path.unverifiable, full_source);
    if (their_path.unverifiable) return Unverifiable(ReasonCode::kConfigUnreadable, *their_path.unverifiable, full_source);
    const FileEvidence* a = LookupFile(ctx_.evidence(), my_path.value).record;
    const FileEvidence* b = LookupFile(ctx_.evidence(), their_path.value).record;
    if (a && b && a->content_sha256 && b->content_sha256) {
      bool same = *a->content_sha256 == *b->content_sha256;
      return {same ? CheckStatus::kFail : CheckStatus::kPass, full_actual, full_source,
              same ? "both files have the same content" : "the files' contents differ"};
    }
    bool same = my_path.value == their_path.value;
    return {same ? CheckStatus::kFail : CheckStatus::kPass, full_actual, full_source,
            same ? "both name the same path" : "the paths differ (contents not both collected)"};
  }

  // The paths a file test looks at, and where they came from; an Outcome when none can be named.
  std::variant<std::pair<std::vector<std::string>, std::string>, Outcome> Targets(const FileRef& ref) {
    const NodeEvidence& ev = ctx_.evidence();
    if (!ref.paths.empty()) {
      for (const auto& p : ref.paths) {
        const FileEvidence* f = ev.FindFile(p);
        if (f != nullptr && f->status != "absent") return std::make_pair(std::vector<std::string>{p}, std::string());
      }
      return std::make_pair(std::vector<std::string>{ref.paths.front()}, std::string());
    }
    const std::string& component = ComponentOf(ref.component);
    const ComponentSettings* cs = ctx_.Get(component);
    if (cs == nullptr) return Unverifiable(ReasonCode::kNoFacts, "no facts for component " + component);
    if (!cs->instance().present()) return Absent(component, cs->instance());
    if (ref.manifest) {
      std::string path = cs->instance().manifest_path;
      if (path.empty() && !cs->spec().static_pod_manifests.empty()) path = cs->spec().static_pod_manifests.front();
      if (path.empty()) return Unverifiable(ReasonCode::kNoFacts, component + " has no static pod manifest location");
      return std::make_pair(std::vector<std::string>{path}, std::string("static pod manifest of " + component));
    }
    if (ref.unit) {
      std::vector<std::string> paths;
      for (const auto& unit : cs->spec().systemd_units) {
        for (std::string_view dir : SystemdUnitDirectories()) {
          std::string main = std::string(dir) + "/" + unit;
          std::string dropins = main + ".d/";
          for (const auto& f : ev.files) {
            if (f.status == "absent") continue;
            bool dropin = f.path.rfind(dropins, 0) == 0 && f.path.size() > 5 &&
                          f.path.compare(f.path.size() - 5, 5, ".conf") == 0;
            if (f.path == main || dropin) paths.push_back(f.path);
          }
        }
      }
      if (paths.empty()) return Unverifiable(ReasonCode::kFileNotFound, "file not found: no systemd unit for " + component + " was recorded");
      return std::make_pair(paths, std::string("systemd unit of " + component));
    }
    ResolvedSetting r = cs->ResolvePath(ref.setting);
    // Before the path check: a withheld value is no relative path.
    if (r.set && IsRedacted(r.value)) {
      return Unverifiable(ReasonCode::kValueRedacted, Redacted(component + " --" + ref.setting), r.source);
    }
    if (r.unverifiable) return Unverifiable(ReasonCode::kConfigUnreadable, *r.unverifiable, r.source);
    if (r.set && !r.value.empty()) {
      return std::make_pair(std::vector<std::string>{r.value}, "path from " + r.source);
    }
    if (ref.fallback) {
      return std::make_pair(std::vector<std::string>{*ref.fallback},
                            "--" + ref.setting + " not set; conventional path " + *ref.fallback);
    }
    return Unverifiable(ReasonCode::kSettingUnset, component + " --" + ref.setting + " is not set, so there is no file to check", r.source);
  }

  // Judges one recorded file against the test's properties.
  Outcome JudgeFile(const Test& t, const std::string& path) {
    FileLookup found = LookupFile(ctx_.evidence(), path);
    std::string shown = found.via.empty() ? path : found.via;
    if (found.record == nullptr) {
      return Unverifiable(ReasonCode::kFileNotCollected, found.via.empty() ? "file not collected: " + path : "symlink target not collected: " + shown);
    }
    const FileEvidence& f = *found.record;
    if (f.status == "absent") {
      if (t.if_exists) {
        return {CheckStatus::kPass, shown + " does not exist", "", "the benchmark applies only if the file exists"};
      }
      return Unverifiable(ReasonCode::kFileNotFound, "file not found: " + shown);
    }
    if (t.first_provider) return JudgeProvider(*t.first_provider, f, shown);
    if (t.exists_only) return {CheckStatus::kPass, shown + " exists", "", "the file exists"};
    bool need_mode = t.mode_at_most.has_value();
    bool need_owner = t.owner || t.group;
    if ((need_mode && !f.mode) || (need_owner && (!f.uid || !f.gid))) {
      return Unverifiable(ReasonCode::kFileUnreadable, "file unreadable: " + shown + ": " + (f.error ? *f.error : f.status));
    }
    std::vector<std::string> problems;
    std::string actual = shown;
    if (need_mode) {
      actual += " mode " + OctalMode(*f.mode);
      std::uint32_t extra = *f.mode & ~*t.mode_at_most & 07777U;
      if (extra != 0) problems.push_back("mode " + OctalMode(*f.mode) + " has bits " + OctalMode(extra) + " outside " + OctalMode(*t.mode_at_most));
    }
    auto name_of = [](const std::optional<std::string>& name, std::int64_t id) {
      return name ? *name + " (" + std::to_string(id) + ")" : std::to_string(id) + " (no name on the node)";
    };
    auto matches = [](const std::optional<std::string>& name, std::int64_t id, const std::string& want) {
      if (name) return *name == want;
      return want == "root" && id == 0;  // id 0 is root whatever the node calls it
    };
    if (t.owner) {
      actual += " owner " + name_of(f.owner, *f.uid);
      if (!matches(f.owner, *f.uid, *t.owner)) problems.push_back("owner is not " + *t.owner);
    }
    if (t.group) {
      actual += " group " + name_of(f.group, *f.gid);
      if (!matches(f.group, *f.gid, *t.group)) problems.push_back("group is not " + *t.group);
    }
    std::string reason;
    for (const auto& p : problems) reason += (reason.empty() ? "" : "; ") + p;
    if (problems.empty()) reason = "compliant";
    return {problems.empty() ? CheckStatus::kPass : CheckStatus::kFail, actual, "", reason};
  }

  // The API server writes with the first provider of the first entry covering the resource;
  // the providers after it only read what was written before.
  static Outcome JudgeProvider(const ProviderRule& rule, const FileEvidence& f, const std::string& shown) {
    if (!f.content) {
      return Unverifiable(f.status == "ok" ? ReasonCode::kFileNotCollected : ReasonCode::kConfigUnreadable,
                          f.status == "ok" ? "file content not collected: " + shown
                                           : "file unreadable: " + shown + ": " + (f.error ? *f.error : f.status));
    }
    auto values = FlattenConfig(*f.content, ConfigLimits{});
    if (!values.ok()) return Unverifiable(ReasonCode::kConfigUnreadable, "file unparsable: " + shown + ": " + values.status().message());
    std::optional<WritingProvider> writing = ProviderWriting(*values, rule.resource);
    if (!writing) {
      return {CheckStatus::kFail, shown + ": no entry for " + rule.resource, "",
              "no resources entry covers " + rule.resource + ", so they are stored in plaintext"};
    }
    std::string p = writing->provider.empty() ? "no provider" : writing->provider;
    bool pass = std::find(rule.allowed.begin(), rule.allowed.end(), writing->provider) != rule.allowed.end();
    std::string allowed;
    for (const auto& a : rule.allowed) allowed += (allowed.empty() ? "" : ", ") + a;
    return {pass ? CheckStatus::kPass : CheckStatus::kFail,
            shown + " resources[" + std::to_string(writing->entry) + "] (" + writing->covered_by +
                ") first provider " + p,
            "", rule.resource + " are written with " + p +
                    (p == "identity" ? ", in plaintext" : "") + (pass ? "" : "; expected one of " + allowed)};
  }

  Outcome JudgeAll(const Test& t, const std::vector<std::string>& paths, const std::string& source) {
    Outcome out{CheckStatus::kPass, "", source, ""};
    std::vector<std::string> failed;
    std::vector<Outcome> unverifiable;
    for (const auto& p : paths) {
      Outcome o = JudgeFile(t, p);
      out.actual += (out.actual.empty() ? "" : "; ") + (o.actual.empty() ? p : o.actual);
      if (o.status == CheckStatus::kFail) failed.push_back(p + ": " + o.reason);
      if (o.status == CheckStatus::kUnverifiable) unverifiable.push_back(o);
      if (paths.size() == 1) out.reason = o.reason;
    }
    if (!failed.empty()) {
      out.status = CheckStatus::kFail;
      out.reason.clear();
      for (const auto& f : failed) out.reason += (out.reason.empty() ? "" : "; ") + f;
    } else if (!unverifiable.empty()) {
      out.status = CheckStatus::kUnverifiable;
      out.code = unverifiable.front().code;
      out.reason.clear();
      for (const auto& u : unverifiable) out.reason += (out.reason.empty() ? "" : "; ") + u.reason;
    } else if (paths.size() > 1) {
      out.reason = "all " + std::to_string(paths.size()) + " files compliant";
    }
    if (out.source.empty()) out.source = "file records in the bundle";
    return out;
  }

  Outcome File(const Test& t) {
    auto targets = Targets(t.file);
    if (auto* o = std::get_if<Outcome>(&targets)) return *o;
    auto& [paths, source] = std::get<0>(targets);
    return JudgeAll(t, paths, source);
  }

  // The directory a files test walks and why it was chosen; an Outcome when none can be named.
  std::variant<std::pair<std::string, std::string>, Outcome> Directory(const Test& t) {
    const DirRef& ref = t.dir;
    if (ref.cni_conf_dir) {
      Result<CniConfDir> cni = ChooseCniConfDir(ctx_.evidence(), ctx_.Get("kubelet"));
      if (!cni.ok()) return Unverifiable(ReasonCode::kConfigUnreadable, "CNI configuration directory unknown: " + cni.status().message());
      return std::make_pair(cni->path, "CNI configuration directory " + cni->path + ": " + cni->source);
    }
    if (!ref.setting.empty()) return SettingDirectory(t);
    if (ref.under.size() == 1) return std::make_pair(ref.under.front(), std::string());
    for (const auto& dir : ref.under) {
      if (RecordedAsExisting(dir)) {
        return std::make_pair(dir, "file records under " + dir + ", the first of " + JoinWords(ref.under) +
                                       " that exists");
      }
    }
    std::vector<std::string> unexamined;
    for (const auto& dir : ref.under) {
      if (ctx_.evidence().FindFile(NormalisePath(dir)) == nullptr) unexamined.push_back(dir);
    }
    std::string none = "none of " + JoinWords(ref.under) + " exists" +
                       (unexamined.empty() ? "" : " (not examined by the collector: " + JoinWords(unexamined) + ")");
    if (t.if_exists) {
      return Outcome{CheckStatus::kPass, none, "", "the benchmark applies only if the directory exists"};
    }
    return Unverifiable(ReasonCode::kFileNotFound, "file not found: " + none);
  }

  // A directory with a record that is not absent, or with any record under it.
  bool RecordedAsExisting(const std::string& dir) const {
    std::string path = NormalisePath(dir);
    const FileEvidence* d = ctx_.evidence().FindFile(path);
    if (d != nullptr) return d->status != "absent";
    std::string prefix = path + "/";
    return std::any_of(ctx_.evidence().files.begin(), ctx_.evidence().files.end(), [&](const FileEvidence& f) {
      return f.path.rfind(prefix, 0) == 0 && f.status != "absent";
    });
  }

  // The directory a setting names (the kubelet's --config-dir); unset means none is in use.
  std::variant<std::pair<std::string, std::string>, Outcome> SettingDirectory(const Test& t) {
    const std::string& component = ComponentOf(t.dir.component);
    const ComponentSettings* cs = ctx_.Get(component);
    if (cs == nullptr) return Unverifiable(ReasonCode::kNoFacts, "no facts for component " + component);
    if (!cs->instance().present()) return Absent(component, cs->instance());
    if (cs->instance().unverifiable) {
      return Unverifiable(ReasonCode::kDeclarationUnreadable, *cs->instance().unverifiable);
    }
    const std::string label = component + " --" + t.dir.setting;
    ResolvedSetting r = cs->ResolvePath(t.dir.setting);
    if (r.set && IsRedacted(r.value)) return Unverifiable(ReasonCode::kValueRedacted, Redacted(label), r.source);
    if (r.unverifiable) return Unverifiable(ReasonCode::kConfigUnreadable, *r.unverifiable, r.source);
    if (r.set && !r.value.empty()) {
      return std::make_pair(r.value, "file records under " + r.value + ", from " + r.source);
    }
    if (t.if_exists) {
      return Outcome{CheckStatus::kPass, "--" + t.dir.setting + " not set", r.source,
                     label + " is not set, so no directory is in use"};
    }
    return Unverifiable(ReasonCode::kSettingUnset, label + " is not set, so there is no directory to check", r.source);
  }

  Outcome Files(const Test& t) {
    auto chosen = Directory(t);
    if (auto* o = std::get_if<Outcome>(&chosen)) return *o;
    const auto& [under, why] = std::get<0>(chosen);
    std::string prefix = NormalisePath(under) + "/";
    std::vector<std::string> paths;
    const FileEvidence* dir = ctx_.evidence().FindFile(NormalisePath(under));
    for (const auto& f : ctx_.evidence().files) {
      if (f.path.rfind(prefix, 0) != 0 || f.status == "absent") continue;
      std::string name = f.path.substr(f.path.rfind('/') + 1);
      if (GlobMatch(t.glob, name)) paths.push_back(f.path);
    }
    if (paths.empty()) {
      if (dir != nullptr && dir->status == "absent") {
        if (t.if_exists) {
          return {CheckStatus::kPass, under + " does not exist", why,
                  "the benchmark applies only if the directory exists"};
        }
        return Unverifiable(ReasonCode::kFileNotFound, "file not found: " + under, why);
      }
      if (dir != nullptr && dir->status != "ok") {
        return Unverifiable(ReasonCode::kFileUnreadable, "file unreadable: " + under + ": " + (dir->error ? *dir->error : dir->status), why);
      }
      std::string none = "no file matching " + t.glob + " recorded under " + under;
      if (t.if_exists && dir != nullptr) {
        return {CheckStatus::kPass, none, why, "the benchmark applies only to files that exist"};
      }
      return Unverifiable(ReasonCode::kFileNotFound, none, why);
    }
    return JudgeAll(t, paths, why.empty() ? "file records under " + under : why);
  }

  NodeContext& ctx_;
  const CheckDefinition& check_;
};

Finding EvaluateCheck(NodeContext& ctx, const CheckDefinition& check) {
  Finding f;
  f.check_id = check.id;
  f.expected = check.expected;
  if (!check.automated || !check.test) {
    f.status = CheckStatus::kManual;
    f.reason = check.audit.empty() ? "needs human judgement: the benchmark's audit has no automatable evidence"
                                   : "needs human judgement outside the node: " + check.audit;
    return f;
  }
  if (check.component != "node") {
    const ComponentSettings* cs = ctx.Get(check.component);
    if (cs == nullptr || !cs->instance().present()) {
      f.status = CheckStatus::kUnverifiable;
      f.reason = cs ? cs->instance().absent_reason : "no facts for component " + check.component;
      f.reason_code = cs ? AbsenceCode(cs->instance()) : ReasonCode::kNoFacts;
      return f;
    }
  }
  Outcome o = CheckEvaluator(ctx, check).Run(*check.test);
  f.status = o.status;
  f.actual = o.actual;
  f.source = o.source;
  f.reason = o.reason;
  if (o.status == CheckStatus::kUnverifiable) f.reason_code = o.code == ReasonCode::kNone ? ReasonCode::kNoFacts : o.code;
  return f;
}

}  // namespace

Evaluation Evaluate(const Benchmark& benchmark, const NodeEvidence& evidence, const EvaluationOptions& options) {
  NodeContext ctx(benchmark, evidence, options);
  Evaluation out;
  for (const auto& check : benchmark.checks) out.findings.push_back(EvaluateCheck(ctx, check));
  if (benchmark.components) {
    for (const auto& [name, spec] : benchmark.components->components) {
      const ComponentSettings* cs = ctx.Get(name);
      if (cs == nullptr || !cs->instance().present()) continue;
      for (const auto& r : cs->ResolveAll()) {
        out.settings.push_back({name, r.name, r.unverifiable ? "" : r.value,
                                r.unverifiable ? "unknown: " + *r.unverifiable : r.source});
      }
    }
  }
  return out;
}

}  // namespace kubeproof
