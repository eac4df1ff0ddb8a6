#include "analyzer/commands/arguments.h"

#include <algorithm>

namespace kubeproof {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 3;  // more than two edits is not a typo
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

Result<Arguments> Arguments::Parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  Arguments parsed;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (flags_done || word.size() < 2 || word[0] != '-' || word == "-") {
      parsed.positional_.push_back(word);
      continue;
    }
    if (word == "--") {
      flags_done = true;
      continue;
    }
    std::string body = word.substr(word[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (size_t eq = body.find('='); eq != std::string::npos) {
      inline_value = body.substr(eq + 1);
      body.resize(eq);
    }
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == body; });
    if (spec == specs.end()) {
      std::vector<std::string> names;
      for (const auto& s : specs) names.push_back(s.name);
      std::string message = "unknown flag " + word;
      if (auto guess = DidYouMean(body, names)) message += " (did you mean --" + *guess + "?)";
      return Status::InvalidArgument(message);
    }
    std::string value;
    if (!spec->takes_value) {
      if (inline_value) return Status::InvalidArgument("--" + body + " takes no value");
      value = "true";
    } else if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Status::InvalidArgument("--" + body + " needs a value");
    }
    auto& slot = parsed.values_[body];
    if (!slot.empty() && !spec->repeatable) return Status::InvalidArgument("--" + body + " given twice");
    slot.push_back(std::move(value));
  }
  return parsed;
}

std::optional<std::string> Arguments::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Arguments::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string FlagHelp(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    // A one-letter flag is shown as users type it: -o, not --o.
    std::string left = std::string(s.name.size() == 1 ? "  -" : "  --") + s.name + (s.takes_value ? " " + s.value_name : "");
    if (left.size() < 28) left.resize(28, ' ');
    else left += "  ";
    out += left + s.help + "\n";
  }
  return out;
}

}  // namespace kubeproof
