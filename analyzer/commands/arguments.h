// Arguments: the flag parser every subcommand uses. Flags are declared up front so an unknown
// one is refused with a suggestion, and `--x v`, `--x=v` and bare booleans behave alike everywhere.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubeproof {

struct OptionSpec {
  std::string name;  // without dashes
  bool takes_value = true;
  bool repeatable = false;
  std::string help;
  std::string value_name = "VALUE";
};

class Arguments {
 public:
  // Parses `args` against `specs`; a word that is not a flag is positional; "--" ends flags.
  static Result<Arguments> Parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Help text for a flag list, one flag a line.
std::string FlagHelp(const std::vector<OptionSpec>& specs);

// The closest of `candidates` to `word` when it is close enough to be a likely typo.
std::optional<std::string> DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace kubeproof
