// ComponentInstance: how one component shows up on a node — a running process, a distribution
// process running it in-process (k3s), a static pod manifest or a systemd unit (declared, not
// observed), or not at all — and the command line that instance has.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/evidence/node_version.h"
#include "analyzer/settings/command_line.h"
#include "analyzer/settings/component_spec.h"
#include "analyzer/settings/distribution_options.h"
#include "analyzer/settings/distribution_spec.h"

namespace kubeproof {

enum class InstanceKind { kAbsent, kRunning, kEmbedded, kDeclaredManifest, kDeclaredSystemd };

// Why an instance is kAbsent: an auditor must tell "not on this node" from "could not be read".
enum class AbsenceCause { kNotOnNode, kProcessViewLimited, kDeclarationUnreadable };

struct ComponentInstance {
  std::string component;
  InstanceKind kind = InstanceKind::kAbsent;
  const ProcessEvidence* process = nullptr;  // the running process (or the distribution's process)
  std::vector<std::string> argv;             // the component's own command line, argv[0] first
  std::vector<std::string> word_sources;     // per argv word: where it came from, for `source`
  std::vector<ParsedArg> args;               // argv parsed with the component's flag rules
  std::string declared_in;                   // manifest or unit file, for declared instances
  std::string manifest_path;                 // the static pod manifest on the node, when collected
  std::optional<std::string> manifest_version;  // from the manifest's image tag
  std::vector<std::string> notes;            // anything the reader should know
  std::optional<std::string> manifest_problem;  // the static pod manifest was unreadable or unparsable
  AbsenceCause absence = AbsenceCause::kNotOnNode;  // for kAbsent
  std::string absent_reason;                 // for kAbsent: the cause in words, e.g. "not present on this node"
  // Set when the instance is declared but its command line cannot be known (an unreadable unit).
  std::optional<std::string> unverifiable;
  // The directory a relative path on the command line is resolved against, else why it is unknown.
  std::optional<std::string> working_dir;
  std::string working_dir_unknown;
  // For kEmbedded: the distribution running it, its facts for the component and its options.
  const DistributionSpec* distribution = nullptr;
  const EmbeddedComponent* embedding = nullptr;
  std::shared_ptr<const DistributionOptions> options;
  std::vector<OptionValue> user_args;               // the user's flags for it, config files first
  std::vector<bool> word_on_command_line;           // per argv word: from the distribution's own command line
  std::map<std::string, std::string> undetermined;  // flags passed with a value the evidence cannot show
  std::optional<std::string> distribution_unknown;  // why the distribution's own flags are not known
  // Config files the distribution reads that were not read, and values the collector redacted:
  // any of them could change a flag not fixed by the distribution's own command line.
  std::vector<std::string> distribution_problems;

  bool present() const { return kind != InstanceKind::kAbsent; }
  bool declared() const { return kind == InstanceKind::kDeclaredManifest || kind == InstanceKind::kDeclaredSystemd; }
  // "flag --x on running kubelet (pid 812)", "flag --x declared in PATH, not observed", ...
  std::string FlagSource(const ParsedArg& arg) const;
  // ", declared, not observed" for declared instances, else "".
  std::string DeclaredSuffix() const;
};

// Finds `spec.component` on the node: a running process wins; then a distribution process that
// runs it (its command line completed later by AddDistributionFlags); then its declared
// configuration.
ComponentInstance FindInstance(const ComponentSpec& spec, const NodeEvidence& evidence,
                               const DistributionCatalog* distributions = nullptr);

// For an embedded instance: builds its command line from the distribution's own flags for
// Kubernetes 1.`minor` and the user's. When the version is not known (`version_known` false) or
// the facts do not cover it, only the user's flags are used and `distribution_unknown` says why.
void AddDistributionFlags(const ComponentSpec& spec, ComponentInstance& inst, int minor, bool version_known);

}  // namespace kubeproof
