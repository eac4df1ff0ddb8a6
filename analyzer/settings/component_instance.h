// ComponentInstance: how one component shows up on a node — a running process, a k3s process
// running it in-process, a static pod manifest or a systemd unit (declared, not observed), or
// not at all — and the command line that instance has.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/evidence/node_version.h"
#include "analyzer/settings/command_line.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

enum class InstanceKind { kAbsent, kRunning, kK3s, kDeclaredManifest, kDeclaredSystemd };

// Why an instance is kAbsent: an auditor must tell "not on this node" from "could not be read".
enum class AbsenceCause { kNotOnNode, kProcessViewLimited, kDeclarationUnreadable };

struct ComponentInstance {
  std::string component;
  InstanceKind kind = InstanceKind::kAbsent;
  const ProcessEvidence* process = nullptr;  // the running process (or the k3s process)
  std::vector<std::string> argv;             // the component's own command line, argv[0] first
  std::vector<std::string> word_sources;     // per argv word: where it came from, for `source`
  std::vector<ParsedArg> args;               // argv parsed with the component's flag rules
  std::string declared_in;                   // manifest or unit file, for declared instances
  std::string manifest_path;                 // the static pod manifest on the node, when collected
  std::optional<std::string> manifest_version;  // from the manifest's image tag
  std::vector<std::string> notes;            // anything the reader should know (unmapped k3s parts)
  std::optional<std::string> manifest_problem;  // the static pod manifest was unreadable or unparsable
  AbsenceCause absence = AbsenceCause::kNotOnNode;  // for kAbsent
  std::string absent_reason;                 // for kAbsent: the cause in words, e.g. "not present on this node"
  // Set when the instance is declared but its command line cannot be known (an unreadable unit).
  std::optional<std::string> unverifiable;
  // The directory a relative path on the command line is resolved against, else why it is unknown.
  std::optional<std::string> working_dir;
  std::string working_dir_unknown;

  bool present() const { return kind != InstanceKind::kAbsent; }
  bool declared() const { return kind == InstanceKind::kDeclaredManifest || kind == InstanceKind::kDeclaredSystemd; }
  // "flag --x on running kubelet (pid 812)", "flag --x declared in PATH, not observed", ...
  std::string FlagSource(const ParsedArg& arg) const;
  // ", declared, not observed" for declared instances, else "".
  std::string DeclaredSuffix() const;
};

// Finds `spec.component` on the node: a running process wins; then a k3s process that runs it;
// then its declared configuration.
ComponentInstance FindInstance(const ComponentSpec& spec, const NodeEvidence& evidence);

}  // namespace kubeproof
