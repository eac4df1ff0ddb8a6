#include "collector/rpm_history.h"

#include <algorithm>
#include <array>
#include <optional>

#include "collector/kubernetes_versions.h"

namespace kubeproof {
namespace {

// Enough to say what went wrong; a hostile log cannot grow the manifest with them.
constexpr std::size_t kMaxProblems = 10;

enum class Effect { kInstalls, kReplaced, kErases };

struct Action {
  std::string_view word;  // as logged, with its colon
  Effect effect;
};

// dnf's FILE_ACTIONS and yum's fileaction. "Reinstalled:" follows "Reinstall:" with the same
// version, so it says nothing; verification and scriptlet records neither.
constexpr std::array kActions = {
    Action{"Installed:", Effect::kInstalls}, Action{"Upgrade:", Effect::kInstalls},
    Action{"Updated:", Effect::kInstalls},   Action{"Downgrade:", Effect::kInstalls},
    Action{"Reinstall:", Effect::kInstalls}, Action{"Obsolete:", Effect::kInstalls},
    Action{"Upgraded:", Effect::kReplaced},  Action{"Downgraded:", Effect::kReplaced},
    Action{"Obsoleted:", Effect::kReplaced}, Action{"Cleanup:", Effect::kReplaced},
    Action{"Erase:", Effect::kErases},       Action{"Erased:", Effect::kErases},
};

std::optional<Effect> EffectOf(std::string_view word) {
  for (const Action& a : kActions) {
    if (a.word == word) return a.effect;
  }
  return std::nullopt;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// yum's time of day, "10:11:12".
bool IsClock(std::string_view s) {
  return s.size() == 8 && IsDigits(s.substr(0, 2)) && s[2] == ':' && IsDigits(s.substr(3, 2)) &&
         s[5] == ':' && IsDigits(s.substr(6, 2));
}

struct Nevra {
  std::string name;
  std::string version;  // [epoch:]version-release
};

// "name-[epoch:]version-release.arch" (dnf) or "epoch:name-version-release.arch" (yum). A bare
// name, as an old yum logs some erases, has no version.
Nevra ParseNevra(std::string_view text) {
  std::string epoch;
  std::size_t colon = text.find(':');
  std::size_t dash = text.find('-');
  if (colon != std::string_view::npos && colon < dash && IsDigits(text.substr(0, colon))) {
    epoch = std::string(text.substr(0, colon + 1));
    text.remove_prefix(colon + 1);
  }
  std::size_t release_dash = text.rfind('-');
  if (release_dash == std::string_view::npos || release_dash == 0) return {std::string(text), ""};
  std::size_t version_dash = text.rfind('-', release_dash - 1);
  if (version_dash == std::string_view::npos || version_dash == 0) return {std::string(text), ""};
  std::string_view name = text.substr(0, version_dash);
  std::string_view version = text.substr(version_dash + 1, release_dash - version_dash - 1);
  std::string_view release = text.substr(release_dash + 1);
  std::size_t dot = release.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view arch = release.substr(dot + 1);
    if (!arch.empty() && arch.size() <= 16 && std::all_of(arch.begin(), arch.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
      release = release.substr(0, dot);
    }
  }
  if (version.empty() || release.empty()) return {std::string(text), ""};
  return {std::string(name), epoch + std::string(version) + "-" + std::string(release)};
}

}  // namespace

void RpmHistoryReader::Line(std::string_view line) {
  std::vector<std::string_view> words = Words(line);
  // dnf: time, level, action, package. yum: month, day, clock, action, package.
  std::size_t at = 0;
  if (words.size() == 4 && words[1] == "SUBDEBUG") {
    at = 2;
  } else if (words.size() == 5 && IsClock(words[2])) {
    at = 3;
  } else {
    return;
  }
  if (EffectOf(words[at])) Record(words[at], words[at + 1]);
}

void RpmHistoryReader::Record(std::string_view action, std::string_view package) {
  Effect effect = *EffectOf(action);
  Nevra nevra = ParseNevra(package);
  if (!ComponentOfPackage(nevra.name)) return;
  auto current = installed_.find(nevra.name);
  switch (effect) {
    case Effect::kInstalls:
      if (!IsVersionString(nevra.version)) {
        if (problems_.size() < kMaxProblems) {
          problems_.push_back("package " + nevra.name +
                              ": a record's version is not a version string, not taken");
        }
        return;
      }
      action.remove_suffix(1);
      // The package's own words, checked: a known name, a version string, and an arch of [a-z0-9_].
      installed_[nevra.name] = {nevra.name, nevra.version,
                                std::string(action) + " " + std::string(package) + " in " + file_};
      return;
    case Effect::kReplaced:
      if (current != installed_.end() && current->second.version == nevra.version)
        installed_.erase(current);
      return;
    case Effect::kErases:
      if (current != installed_.end()) installed_.erase(current);
      return;
  }
}

std::vector<InstalledPackage> RpmHistoryReader::Installed() const {
  std::vector<InstalledPackage> out;
  for (const auto& [name, package] : installed_) out.push_back(package);
  return out;
}

}  // namespace kubeproof
