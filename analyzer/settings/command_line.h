// Command-line parsing as the components themselves do it: pflag for most, Go's `flag` package
// for etcd. Turns argv into ordered (position, flag, value) rows; which flags are booleans is
// per-component data (ComponentSpec).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "analyzer/settings/component_spec.h"

namespace kubeproof {

struct ParsedArg {
  int position = 0;       // index in argv of the flag word (or of the positional word)
  std::string flag;       // name without dashes, underscores normalised for pflag; "" for a positional
  std::string value;      // "true" for a bare boolean; the word itself for a positional
  bool has_value = false; // false for a bare boolean or a flag missing its value
};

// Parses argv (argv[0], the program, is skipped). A bool flag never takes the next word; a
// non-bool flag takes `=v` or the next word. With go-flag syntax, parsing stops at the first
// positional word, as Go's `flag` package does. An unknown flag without `=` takes the next word
// unless it starts with '-'.
std::vector<ParsedArg> ParseCommandLine(const ComponentSpec& spec, const std::vector<std::string>& argv);

// The rows for one process: its component's spec from the catalog, else generic pflag rules.
std::vector<ParsedArg> ParseProcessArgs(const ComponentCatalog& catalog, const ProcessEvidence& process);

// pflag's boolean spellings: 1, t, T, TRUE, true, True and 0, f, F, FALSE, false, False.
std::optional<bool> ParseBool(const std::string& text);

// Go duration ("4h0m0s", "5m", "300ms", "0") in seconds; a bare integer counts as seconds.
std::optional<double> ParseDurationSeconds(const std::string& text);

}  // namespace kubeproof
