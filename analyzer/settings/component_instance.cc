#include "analyzer/settings/component_instance.h"

#include <map>

#include "analyzer/config/config_values.h"
#include "analyzer/settings/embedded_command_line.h"
#include "analyzer/settings/file_lookup.h"
#include "analyzer/settings/systemd_unit.h"
#include "common/redaction.h"

namespace kubeproof {
namespace {

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

// Whether a distribution process runs the component: not when an option disables it, nor when
// the file it needs is absent; unknown (a reason) when that file was not collected.
std::optional<bool> RunsEmbedded(const EmbeddedComponent& e, const DistributionOptions& options,
                                 const NodeEvidence& evidence, std::string* unknown) {
  if (!e.disabled_by_option.empty() && options.IsTrue(e.disabled_by_option)) return false;
  if (e.present_if_file.empty()) return true;
  std::string path = e.present_if_file;
  if (auto at = path.find("{data-dir}"); at != std::string::npos) path.replace(at, 10, options.DataDir());
  const FileEvidence* f = LookupFile(evidence, path).record;
  if (f != nullptr && f->status == "absent") return false;
  if (f == nullptr || f->status != "ok") {
    *unknown = "whether " + e.component + " runs here depends on " + path + ", which was " +
               (f == nullptr ? "not collected" : "unreadable");
    return std::nullopt;
  }
  return true;
}

// A distribution (k3s) runs the component inside its own process and passes it the user's flags.
bool FromDistribution(const ComponentSpec& spec, const DistributionCatalog* catalog, const NodeEvidence& evidence,
                      ComponentInstance& inst) {
  if (catalog == nullptr) return false;
  for (const auto& [distribution, embedding] : catalog->Embedding(spec.component)) {
    for (const auto& process_name : embedding->processes) {
      auto processes = evidence.ProcessesOf(process_name);
      if (processes.empty()) continue;
      const ProcessEvidence* p = processes.front();
      auto options = std::make_shared<const DistributionOptions>(*distribution, evidence, *p);
      std::string unknown;
      std::optional<bool> runs = RunsEmbedded(*embedding, *options, evidence, &unknown);
      if (runs && !*runs) continue;
      if (!runs) inst.unverifiable = unknown;
      inst.kind = InstanceKind::kEmbedded;
      inst.process = p;
      inst.declared_in = p->component + " (pid " + std::to_string(p->pid) + ")";
      inst.distribution = distribution;
      inst.embedding = embedding;
      inst.options = options;
      inst.user_args = options->List(embedding->arg_option);
      inst.distribution_problems = options->problems();
      for (const auto& u : inst.user_args) {
        if (u.value != kRedactedValue) continue;
        inst.distribution_problems.push_back("a --" + embedding->arg_option + " value in " + u.source +
                                             " was redacted by the collector");
      }
      if (options->DataDir() == kRedactedValue) {
        inst.distribution_problems.push_back(distribution->distribution + "'s data directory was redacted by the collector");
      }
      inst.argv = {spec.component};
      inst.word_sources = {distribution->distribution};
      UseProcessCwd(*p, inst);
      for (const auto& problem : inst.distribution_problems) inst.notes.push_back(problem);
      inst.notes.push_back("runs inside " + inst.declared_in + "; its flags are " + distribution->distribution +
                           "'s own and those given in --" + embedding->arg_option);
      return true;
    }
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
    case InstanceKind::kEmbedded:
      return flag + " for " + component + " " + (pos < word_sources.size() ? word_sources[pos] : "from " + declared_in);
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

void AddDistributionFlags(const ComponentSpec& spec, ComponentInstance& inst, int minor, bool version_known) {
  if (inst.kind != InstanceKind::kEmbedded || inst.embedding == nullptr) return;
  const std::string& name = inst.distribution->distribution;
  const EmbeddedRelease* release = inst.embedding->ReleaseFor(minor);
  EmbeddedCommandLine line;
  if (!version_known) {
    inst.distribution_unknown =
        name + "'s own flags are not known without the Kubernetes version, which the evidence does not show";
  } else if (release == nullptr) {
    inst.distribution_unknown = name + "'s own flags for " + spec.component + " are known for " +
                                inst.embedding->CoveredVersions() + ", not for 1." + std::to_string(minor);
  }
  std::vector<OptionValue> user_args = inst.user_args;
  for (auto& u : user_args) u.source = "from " + u.source;
  if (inst.distribution_unknown) {
    line = UserOnlyCommandLine(version_known ? release : nullptr, user_args);
  } else {
    line = BuildEmbeddedCommandLine(*release, user_args, *inst.options,
                                    "set by " + name + " for Kubernetes 1." + std::to_string(minor) + " (distribution default)");
  }
  inst.argv = {spec.component};
  inst.word_sources = {name};
  inst.argv.insert(inst.argv.end(), line.words.begin(), line.words.end());
  inst.word_sources.insert(inst.word_sources.end(), line.sources.begin(), line.sources.end());
  inst.word_on_command_line = {false};
  inst.word_on_command_line.insert(inst.word_on_command_line.end(), line.on_command_line.begin(),
                                   line.on_command_line.end());
  inst.undetermined = std::move(line.undetermined);
  inst.args = ParseCommandLine(spec, inst.argv);
}

ComponentInstance FindInstance(const ComponentSpec& spec, const NodeEvidence& evidence,
                               const DistributionCatalog* distributions) {
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
  } else if (FromDistribution(spec, distributions, evidence, inst)) {
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
