// The command line a distribution gives a component it runs in-process, built as k3s builds it
// (pkg/util/args.go GetArgs): its own flags for the Kubernetes version, each replaced by a user
// flag of the same name, kept before it with `name+=`, or after it with `name-=`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analyzer/settings/distribution_options.h"
#include "analyzer/settings/distribution_spec.h"

namespace kubeproof {

struct EmbeddedCommandLine {
  std::vector<std::string> words;  // "--name=value", sorted by name as the distribution passes them
  std::vector<std::string> sources;   // per word: where it came from, for `source`
  std::vector<bool> on_command_line;  // per word: from the distribution process's command line
  std::map<std::string, std::string> undetermined;  // flag -> why its value cannot be known
};

// The user's flags as given (`user_args`, from the distribution's arg option) merged over the
// release's own; `distribution_source` describes a word the distribution chose itself.
EmbeddedCommandLine BuildEmbeddedCommandLine(const EmbeddedRelease& release,
                                             const std::vector<OptionValue>& user_args,
                                             const DistributionOptions& options,
                                             const std::string& distribution_source);

// The user's flags alone, for a version the distribution's own flags are not known for.
EmbeddedCommandLine UserOnlyCommandLine(const EmbeddedRelease* release,
                                        const std::vector<OptionValue>& user_args);

}  // namespace kubeproof
