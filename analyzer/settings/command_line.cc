#include "analyzer/settings/command_line.h"

#include <algorithm>
#include <cstdlib>

namespace kubeproof {

std::optional<bool> ParseBool(const std::string& text) {
  static const char* const kTrue[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char* const kFalse[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (const char* t : kTrue) {
    if (text == t) return true;
  }
  for (const char* f : kFalse) {
    if (text == f) return false;
  }
  return std::nullopt;
}

std::optional<double> ParseDurationSeconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t i = 0;
  double sign = 1;
  if (text[0] == '-' || text[0] == '+') {
    sign = text[0] == '-' ? -1 : 1;
    i = 1;
  }
  if (text.substr(i) == "0") return 0.0;
  bool all_digits = i < text.size() && std::all_of(text.begin() + static_cast<long>(i), text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (all_digits) return sign * std::strtod(text.c_str() + i, nullptr);
  double total = 0;
  bool any = false;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (start == i) return std::nullopt;
    double number = std::strtod(text.substr(start, i - start).c_str(), nullptr);
    std::size_t unit_start = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    double scale = 0;
    if (unit == "h") scale = 3600;
    else if (unit == "m") scale = 60;
    else if (unit == "s") scale = 1;
    else if (unit == "ms") scale = 1e-3;
    else if (unit == "us" || unit == "\xC2\xB5s") scale = 1e-6;
    else if (unit == "ns") scale = 1e-9;
    else return std::nullopt;
    total += number * scale;
    any = true;
  }
  if (!any) return std::nullopt;
  return sign * total;
}

std::vector<ParsedArg> ParseCommandLine(const ComponentSpec& spec, const std::vector<std::string>& argv) {
  std::vector<ParsedArg> out;
  const bool go_flag = spec.syntax == FlagSyntax::kGoFlag;
  bool flags_done = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    const int position = static_cast<int>(i);
    if (flags_done || word.size() < 2 || word[0] != '-') {
      out.push_back({position, "", word, true});
      if (go_flag) flags_done = true;
      continue;
    }
    if (word == "--") {
      flags_done = true;
      continue;
    }
    std::string body = word.substr(word[1] == '-' ? 2 : 1);
    std::string name = body;
    std::optional<std::string> inline_value;
    if (auto eq = body.find('='); eq != std::string::npos) {
      name = body.substr(0, eq);
      inline_value = body.substr(eq + 1);
    }
    // Kubernetes registers pflag with a normaliser that reads '_' as '-'.
    if (!go_flag) std::replace(name.begin(), name.end(), '_', '-');
    ParsedArg arg{position, name, "", false};
    if (inline_value) {
      arg.value = *inline_value;
      arg.has_value = true;
    } else if (spec.IsBool(name)) {
      arg.value = "true";
    } else {
      bool known = spec.FindFlag(name) != nullptr;
      bool next_is_value = i + 1 < argv.size() && (known || argv[i + 1].empty() || argv[i + 1][0] != '-');
      if (next_is_value) {
        arg.value = argv[++i];
        arg.has_value = true;
      }
    }
    out.push_back(std::move(arg));
  }
  return out;
}

std::vector<ParsedArg> ParseProcessArgs(const ComponentCatalog& catalog, const ProcessEvidence& process) {
  if (const ComponentSpec* spec = catalog.Find(process.component)) {
    return ParseCommandLine(*spec, process.argv);
  }
  ComponentSpec generic;
  generic.component = process.component;
  return ParseCommandLine(generic, process.argv);
}

}  // namespace kubeproof
