// Command lines by allow-list: words are placed as pflag/Go flag would place them, and a value
// is kept only for a flag on the safe list. Also the shell-like word splitting and joining that
// units, environment files and scripts use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/redaction.h"
#include "common/safe_settings.h"
#include "common/status.h"

namespace kubeproof {

// argv with every value not known to be safe replaced by kRedactedValue, word for word (so an
// index still names the same argument). argv[0..first) are the program and its subcommand words,
// kept when they look like a program name or path. A word that is neither a flag nor the value
// of a safe flag is redacted, and so is everything after "--".
std::vector<std::string> FilterArguments(const std::vector<std::string>& argv, std::size_t first,
                                         RedactionLog& log,
                                         const SafeSettings& safe = SafeSettings::Builtin());

// True for a program name or path kept as it is (letters, digits, / . _ - +; at most 256).
bool IsProgramWord(std::string_view word);

// `value` as it may leave the node: nullopt when it holds a URL with user-info; query strings and
// fragments of URLs removed.
std::optional<std::string> SafeValue(std::string_view value);

// True for a flag name as the components spell them: a letter or digit, then letters, digits,
// '-', '_' or '.'.
bool IsFlagName(std::string_view name);

// Splits a command line as systemd and the shell do: blanks separate words, '...' is literal,
// "..." honours \" \\ and \$, a backslash outside quotes escapes the next character and a
// backslash before a newline joins the lines. An unterminated quote is an error.
Result<std::vector<std::string>> SplitCommandLine(std::string_view text);

// Joins words so that SplitCommandLine gives them back: plain words bare, others double-quoted.
std::string JoinCommandLine(const std::vector<std::string>& words);

}  // namespace kubeproof
