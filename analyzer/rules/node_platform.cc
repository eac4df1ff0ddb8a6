#include "analyzer/rules/node_platform.h"

#include <optional>

#include "analyzer/evidence/os_release.h"
#include "analyzer/settings/command_line.h"

namespace kubeproof {
namespace {

// The collector saw the path; an unreadable or irregular entry still exists.
bool Exists(const FileEvidence* f) {
  return f != nullptr && f->status != "absent" && f->status != "error";
}

class MarkerMatcher {
 public:
  MarkerMatcher(const NodeEvidence& evidence, const ComponentCatalog& components)
      : evidence_(evidence), components_(components) {
    if (auto os = ReadOsRelease(evidence)) {
      os_release_ = std::move(os->fields);
      os_release_path_ = std::move(os->path);
    }
  }

  // What the marker found, in words; nullopt when the evidence does not show it.
  std::optional<std::string> Match(const PlatformMarker& m) const {
    if (!m.file.empty()) {
      if (Exists(evidence_.FindFile(m.file))) return "file " + m.file;
      return std::nullopt;
    }
    if (!m.os_release.empty()) return MatchOsRelease(m);
    return MatchProcess(m);
  }

 private:
  std::optional<std::string> MatchOsRelease(const PlatformMarker& m) const {
    std::string words;
    for (const auto& [key, value] : m.os_release) {
      auto it = os_release_.find(key);
      if (it == os_release_.end() || it->second != value) return std::nullopt;
      words += (words.empty() ? "" : " ") + key + "=" + value;
    }
    return os_release_path_ + " " + words;
  }

  std::optional<std::string> MatchProcess(const PlatformMarker& m) const {
    for (const ProcessEvidence* p : evidence_.ProcessesOf(m.process)) {
      std::string pid = " (pid " + std::to_string(p->pid) + ")";
      if (m.flag.empty()) return m.process + " running" + pid;
      for (const ParsedArg& arg : ParseProcessArgs(components_, *p)) {
        if (arg.flag != m.flag) continue;
        bool matches = m.value.empty() && m.value_prefix.empty();
        matches = matches || (!m.value.empty() && arg.value == m.value);
        matches = matches || (!m.value_prefix.empty() && arg.value.rfind(m.value_prefix, 0) == 0);
        if (matches) return m.process + " flag --" + arg.flag + "=" + arg.value + pid;
      }
    }
    return std::nullopt;
  }

  const NodeEvidence& evidence_;
  const ComponentCatalog& components_;
  std::map<std::string, std::string> os_release_;
  std::string os_release_path_;
};

struct Sighting {
  const PlatformSpec* spec;
  std::string marker;  // the first of the platform's markers the evidence shows
};

std::optional<std::string> FirstShown(const std::vector<PlatformMarker>& markers,
                                      const MarkerMatcher& matcher) {
  for (const auto& marker : markers) {
    if (auto found = matcher.Match(marker)) return found;
  }
  return std::nullopt;
}

// The first variant one of whose markers shows, else the first without markers.
const PlatformVariant* VariantOf(const PlatformSpec& spec, const MarkerMatcher& matcher) {
  for (const auto& variant : spec.variants) {
    if (variant.markers.empty() || FirstShown(variant.markers, matcher)) return &variant;
  }
  return nullptr;
}

}  // namespace

NodePlatform DetectNodePlatform(const NodeEvidence& evidence, const PlatformCatalog& catalog,
                                const ComponentCatalog& components) {
  MarkerMatcher matcher(evidence, components);
  std::vector<Sighting> sightings;
  for (const auto& spec : catalog.platforms) {
    if (auto marker = FirstShown(spec.markers, matcher)) sightings.push_back({&spec, *marker});
  }
  NodePlatform out;
  if (sightings.empty()) {
    out.origin = "no platform's markers in the evidence";
    return out;
  }
  const Sighting& chosen = sightings.front();  // the catalog is in rank order
  out.platform = chosen.spec->platform;
  out.title = chosen.spec->title;
  if (const PlatformVariant* variant = VariantOf(*chosen.spec, matcher))
    out.variant = variant->name;
  out.origin = chosen.marker;
  for (size_t i = 1; i < sightings.size(); ++i) {
    out.origin += (i == 1 ? "; markers of " : ", ") + sightings[i].spec->platform + " too (" +
                  sightings[i].marker + ")";
  }
  return out;
}

}  // namespace kubeproof
