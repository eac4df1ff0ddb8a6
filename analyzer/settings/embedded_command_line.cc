#include "analyzer/settings/embedded_command_line.h"

#include <algorithm>

namespace kubeproof {
namespace {

struct Value {
  std::string text;
  std::string source;
  bool on_command_line = false;
};

std::string Expand(std::string text, const std::string& data_dir) {
  const std::string token = "{data-dir}";
  for (std::size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + data_dir.size())) {
    text.replace(at, token.size(), data_dir);
  }
  return text;
}

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// `consumed_args` names flags, or "*" for every one.
bool Consumed(const EmbeddedRelease& release, const std::string& flag) {
  return Contains(release.consumed_args, "*") || Contains(release.consumed_args, flag);
}

// The flag name without a trailing `+` or `-`, as k3s trims it.
std::string Cleaned(const std::string& name) {
  std::size_t end = name.find_last_not_of("+-");
  return end == std::string::npos ? "" : name.substr(0, end + 1);
}

// The distribution's own flags for this node: its fixed ones, those its options switch on, less
// those a user flag makes it leave out.
std::map<std::string, Value> OwnFlags(const EmbeddedRelease& release,
                                      const std::vector<OptionValue>& user_args,
                                      const DistributionOptions& options,
                                      const std::string& source) {
  std::map<std::string, Value> own;
  const std::string data_dir = options.DataDir();
  for (const auto& a : release.args) {
    auto [name, value] = SplitArg(a);
    own[name] = {Expand(value, data_dir), source, false};
  }
  for (const auto& w : release.args_when_option) {
    auto set = options.Scalar({w.option});
    if (!set || set->value != w.equals) continue;
    for (const auto& a : w.args) {
      auto [name, value] = SplitArg(a);
      own[name] = {Expand(value, data_dir),
                   source + " because of its " + w.option + " option (" + set->source + ")", false};
    }
  }
  for (const auto& [flag, user_flags] : release.omitted_when_user_passes) {
    for (const auto& u : user_args) {
      if (Contains(user_flags, Cleaned(SplitArg(u.value).first))) own.erase(flag);
    }
  }
  return own;
}

}  // namespace

EmbeddedCommandLine BuildEmbeddedCommandLine(const EmbeddedRelease& release,
                                             const std::vector<OptionValue>& user_args,
                                             const DistributionOptions& options,
                                             const std::string& distribution_source) {
  EmbeddedCommandLine out;
  std::map<std::string, Value> own = OwnFlags(release, user_args, options, distribution_source);
  for (const auto& [flag, why] : release.undetermined) out.undetermined[flag] = why;
  for (const auto& [flag, option_names] : release.varies_with_options) {
    for (const auto& o : option_names) {
      if (auto set = options.Scalar({o})) {
        out.undetermined[flag] =
            "derived from its " + o + " option (" + set->source + "), which is not modelled";
      }
    }
  }
  std::map<std::string, std::vector<Value>> merged;
  for (const auto& u : user_args) {
    auto [name, value] = SplitArg(u.value);
    if (Consumed(release, Cleaned(name))) continue;
    const std::string flag = Cleaned(name);
    std::vector<Value> values;
    auto initial = own.find(flag);
    const std::vector<Value> existing = merged[flag];
    const bool append = !name.empty() && name.back() == '+',
               prepend = !name.empty() && name.back() == '-';
    if (prepend) values.push_back({value, u.source, u.on_command_line});
    if ((append || prepend) && initial != own.end()) values.push_back(initial->second);
    values.insert(values.end(), existing.begin(), existing.end());
    if (!prepend) values.push_back({value, u.source, u.on_command_line});
    // A user value that replaces the distribution's makes the flag known; one added to it does not.
    if (!append && !prepend) out.undetermined.erase(flag);
    if (initial != own.end()) own.erase(initial);
    merged[flag] = std::move(values);
  }
  for (auto& [flag, value] : own) merged[flag] = {std::move(value)};
  for (const auto& [flag, values] : merged) {
    for (const auto& v : values) {
      out.words.push_back("--" + flag + "=" + v.text);
      out.sources.push_back(v.source);
      out.on_command_line.push_back(v.on_command_line);
    }
  }
  return out;
}

EmbeddedCommandLine UserOnlyCommandLine(const EmbeddedRelease* release,
                                        const std::vector<OptionValue>& user_args) {
  EmbeddedCommandLine out;
  for (const auto& u : user_args) {
    auto [name, value] = SplitArg(u.value);
    const std::string flag = Cleaned(name);
    if (flag.empty() || (release != nullptr && Consumed(*release, flag))) continue;
    // Added to a value of the distribution's own that is not known: the whole is not known either.
    if (flag != name) out.undetermined[flag] = "added to a value of the distribution's own";
    out.words.push_back(u.value.find('=') == std::string::npos ? "--" + flag
                                                               : "--" + flag + "=" + value);
    out.sources.push_back(u.source);
    out.on_command_line.push_back(u.on_command_line);
  }
  return out;
}

}  // namespace kubeproof
