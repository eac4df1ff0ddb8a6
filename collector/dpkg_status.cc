#include "collector/dpkg_status.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "collector/kubernetes_versions.h"

namespace kubeproof {
namespace {

constexpr int kPackageField = 1;
constexpr int kStatusField = 2;
constexpr int kVersionField = 4;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  while (!(s = Trim(s)).empty()) {
    std::size_t end = 0;
    while (end < s.size() && !IsBlank(s[end])) ++end;
    words.push_back(s.substr(0, end));
    s.remove_prefix(end);
  }
  return words;
}

// dpkg's Status: want (what was asked: "hold" is how kubeadm's guide pins the packages), error
// flag, current state. Only "ok" and "installed" mean the files are in place and configured.
// Returns the status as one normalised line, or nullopt.
std::optional<std::string> InstalledStatus(std::string_view status) {
  constexpr std::array<std::string_view, 5> kWants = {"unknown", "install", "hold", "deinstall",
                                                      "purge"};
  std::vector<std::string_view> words = Words(status);
  if (words.size() != 3 || std::find(kWants.begin(), kWants.end(), words[0]) == kWants.end() ||
      words[1] != "ok" || words[2] != "installed") {
    return std::nullopt;
  }
  return std::string(words[0]) + " ok installed";
}

}  // namespace

void DpkgStatusReader::Line(std::string_view line) {
  if (Trim(line).empty()) {
    EndStanza();
    return;
  }
  if (IsBlank(line.front())) {
    // A continuation of the field above (Description, Conffiles ...): nothing to read in it.
    if (!in_field_) malformed_ = true;
    return;
  }
  std::size_t colon = line.find(':');
  std::string_view name = line.substr(0, colon);
  if (colon == std::string_view::npos || name.empty() ||
      std::any_of(name.begin(), name.end(), [](char c) { return IsBlank(c); })) {
    malformed_ = true;
    in_field_ = false;
    return;
  }
  in_field_ = true;
  std::string_view value = Trim(line.substr(colon + 1));
  auto take = [&](int bit, std::string& into) {
    if ((fields_seen_ & bit) != 0) malformed_ = true;
    fields_seen_ |= bit;
    into = std::string(value);
  };
  if (EqualsIgnoreCase(name, "Package")) {
    take(kPackageField, package_);
  } else if (EqualsIgnoreCase(name, "Status")) {
    take(kStatusField, status_);
  } else if (EqualsIgnoreCase(name, "Version")) {
    take(kVersionField, version_);
  }
}

void DpkgStatusReader::EndStanza() {
  std::optional<std::string> status = InstalledStatus(status_);
  if (ComponentOfPackage(package_) && status) {
    if (malformed_) {
      problems_.push_back("package " + package_ + ": malformed stanza, not taken");
    } else if (!IsVersionString(version_)) {
      problems_.push_back("package " + package_ + ": Version is not a version string, not taken");
    } else {
      installed_.push_back({package_, version_, "Status " + *status});
    }
  }
  package_.clear();
  status_.clear();
  version_.clear();
  fields_seen_ = 0;
  malformed_ = false;
  in_field_ = false;
}

void DpkgStatusReader::Finish() { EndStanza(); }

}  // namespace kubeproof
