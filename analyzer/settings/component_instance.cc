#include "analyzer/settings/component_instance.h"

#include <map>

#include "analyzer/config/config_values.h"
#include "analyzer/settings/systemd_unit.h"

namespace kubeproof {
namespace {

constexpr const char* kK3sConfig = "/etc/rancher/k3s/config.yaml";

std::optional<std::string> ImageTag(const std::string& image) {
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return std::nullopt;
  std::string tag = image.substr(colon + 1);
  if (auto at = tag.find('@'); at != std::string::npos) tag = tag.substr(0, at);
  return tag;
}

void AddWords(ComponentInstance& inst, const std::vector<std::string>& words, const std::string& source) {
  for (const auto& w : words) {
    inst.argv.push_back(w);
    inst.word_sources.push_back(source);
  }
}

// The process's working directory as the bundle recorded it.
void UseProcessCwd(const ProcessEvidence& p, ComponentInstance& inst) {
  std::string who = p.component + " (pid " + std::to_string(p.pid) + ")";
  switch (p.cwd_state) {
    case CwdState::kKnown: inst.working_dir = p.cwd; return;
    case CwdState::kUnreadable: inst.working_dir_unknown = "the working directory of " + who + " could not be read"; return;
    case CwdState::kNotRecorded: break;
  }
  inst.working_dir_unknown = "the bundle does not record the working directory of " + who;
}

bool FromManifest(const ComponentSpec& spec, const NodeEvidence& evidence, ComponentInstance& inst,
                  bool use_command) {
  for (const auto& path : spec.static_pod_manifests) {
    const FileEvidence* f = evidence.FindFile(path);
    if (f == nullptr || f->status == "absent") continue;
    inst.manifest_path = path;
    if (f->status != "ok" || !f->content) {
      inst.manifest_problem = "static pod manifest " + path + " unreadable: " + (f->error ? *f->error : f->status);
      inst.notes.push_back(*inst.manifest_problem);
      return false;
    }
    auto values = FlattenConfig(*f->content, ConfigLimits{});
    if (!values.ok()) {
      inst.manifest_problem = "static pod manifest " + path + " unparsable: " + values.status().message();
      inst.notes.push_back(*inst.manifest_problem);
      return false;
    }
    std::vector<std::string> command, args;
    std::optional<std::string> working_dir;
    for (const auto& v : *values) {
      if (v.document != 0 || !v.scalar()) continue;
      if (v.key_path.rfind("spec.containers[0].command[", 0) == 0) command.push_back(v.value);
      if (v.key_path.rfind("spec.containers[0].args[", 0) == 0) args.push_back(v.value);
      if (v.key_path == "spec.containers[0].image") inst.manifest_version = ImageTag(v.value);
      if (v.key_path == "spec.containers[0].workingDir" && !v.value.empty() && v.value[0] == '/') working_dir = v.value;
    }
    if (!use_command) return true;
    if (command.empty()) command.push_back(spec.component);
    std::string source = "declared in " + path + ", not observed";
    AddWords(inst, command, source);
    AddWords(inst, args, source);
    inst.kind = InstanceKind::kDeclaredManifest;
    inst.declared_in = path;
    inst.working_dir = working_dir;
    inst.working_dir_unknown = path + " sets no workingDir, and the image's is not in the evidence";
    return true;
  }
  return false;
}

// k3s runs the components inside one process and passes them `--<component>-arg key=value`.
bool FromK3s(const ComponentSpec& spec, const NodeEvidence& evidence, ComponentInstance& inst) {
  if (spec.k3s_arg_flag.empty()) return false;
  for (const auto& k3s_component : spec.k3s_processes) {
    auto processes = evidence.ProcessesOf(k3s_component);
    if (processes.empty()) continue;
    const ProcessEvidence* p = processes.front();
    inst.kind = InstanceKind::kK3s;
    inst.process = p;
    UseProcessCwd(*p, inst);
    AddWords(inst, {spec.component}, "k3s");
    if (const FileEvidence* cfg = evidence.FindFile(kK3sConfig); cfg && cfg->status == "ok" && cfg->content) {
      auto values = FlattenConfig(*cfg->content, ConfigLimits{});
      if (values.ok()) {
        for (const auto& v : *values) {
          if (v.scalar() && (v.key_path == spec.k3s_arg_flag || v.key_path.rfind(spec.k3s_arg_flag + "[", 0) == 0)) {
            AddWords(inst, {"--" + v.value}, "k3s config " + std::string(kK3sConfig) + " key " + spec.k3s_arg_flag);
          }
        }
      }
    }
    ComponentSpec generic;
    for (const auto& a : ParseCommandLine(generic, p->argv)) {
      if (a.flag == spec.k3s_arg_flag) {
        AddWords(inst, {"--" + a.value},
                 "flag --" + spec.k3s_arg_flag + " on running " + p->component + " (pid " + std::to_string(p->pid) + ")");
      }
    }
    inst.notes.push_back("runs inside " + p->component + "; only --" + spec.k3s_arg_flag +
                         " values are mapped, k3s's own built-in choices are not modelled");
    return true;
  }
  return false;
}

void SetAbsence(const ComponentSpec& spec, const NodeEvidence& evidence, ComponentInstance& inst) {
  // An unreadable systemd unit that systemd would use makes the instance declared and
  // unverifiable instead; only a manifest problem is left to explain an absence.
  if (const auto& unreadable = inst.manifest_problem) {
    inst.absence = AbsenceCause::kDeclarationUnreadable;
    inst.absent_reason = "declaration unreadable: " + spec.component + " not seen running, and its " + *unreadable;
  } else if (evidence.bundle.process_view == "limited") {
    inst.absence = AbsenceCause::kProcessViewLimited;
    inst.absent_reason = "process view limited: " + spec.component + " not seen and not declared on this node";
  } else {
    inst.absence = AbsenceCause::kNotOnNode;
    inst.absent_reason = "not present on this node";
  }
}

}  // namespace

std::string ComponentInstance::FlagSource(const ParsedArg& arg) const {
  std::string flag = "flag --" + arg.flag;
  std::size_t pos = static_cast<std::size_t>(arg.position);
  switch (kind) {
    case InstanceKind::kRunning:
      return flag + " on running " + component + " (pid " + std::to_string(process->pid) + ")";
    case InstanceKind::kK3s:
      return flag + " for " + component + " from " + (pos < word_sources.size() ? word_sources[pos] : "k3s");
    case InstanceKind::kDeclaredManifest:
      return flag + " declared in " + declared_in + ", not observed";
    case InstanceKind::kDeclaredSystemd: {
      std::string origin = pos < word_sources.size() ? word_sources[pos] : declared_in;
      std::string via = origin == declared_in ? "" : " via " + origin;
      return flag + " declared in " + declared_in + via + ", not observed";
    }
    case InstanceKind::kAbsent:
      break;
  }
  return flag;
}

std::string ComponentInstance::DeclaredSuffix() const { return declared() ? ", declared, not observed" : ""; }

ComponentInstance FindInstance(const ComponentSpec& spec, const NodeEvidence& evidence) {
  ComponentInstance inst;
  inst.component = spec.component;
  auto processes = evidence.ProcessesOf(spec.component);
  if (!processes.empty()) {
    inst.kind = InstanceKind::kRunning;
    inst.process = processes.front();
    AddWords(inst, inst.process->argv, "running");
    UseProcessCwd(*inst.process, inst);
    if (processes.size() > 1) {
      inst.notes.push_back(std::to_string(processes.size()) + " processes seen; judged pid " +
                           std::to_string(inst.process->pid));
    }
    FromManifest(spec, evidence, inst, false);
  } else if (FromK3s(spec, evidence, inst)) {
  } else if (FromManifest(spec, evidence, inst, true)) {
  } else {
    for (const auto& unit : spec.systemd_units) {
      auto declared = ResolveSystemdExecStart(evidence, unit);
      if (!declared.ok() && declared.status().code() == Status::Code::kNotFound) continue;
      inst.kind = InstanceKind::kDeclaredSystemd;
      if (!declared.ok()) {
        inst.unverifiable = declared.status().message();
        inst.declared_in = unit;
        break;
      }
      inst.argv = declared->argv;
      inst.word_sources = declared->origins;
      inst.declared_in = declared->exec_start_file;
      inst.working_dir = declared->working_directory;
      inst.working_dir_unknown = declared->working_directory_unknown;
      for (const auto& p : declared->problems) inst.notes.push_back(p);
      break;
    }
  }
  if (!inst.present()) {
    SetAbsence(spec, evidence, inst);
    return inst;
  }
  inst.args = ParseCommandLine(spec, inst.argv);
  return inst;
}

}  // namespace kubeproof
