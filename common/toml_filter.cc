#include "common/toml_filter.h"

#include <vector>

#include "common/toml_lines.h"

namespace kubeproof {

Result<std::string> FilterToml(std::string_view content, std::string_view profile, RedactionLog& log,
                               const SafeSettings& safe) {
  Result<std::vector<TomlEntry>> entries = ParseTomlLines(content);
  if (!entries.ok()) return entries.status();
  std::vector<TomlEntry> kept;
  for (TomlEntry& entry : *entries) {
    std::vector<std::string> path = TomlSafeListPath(entry);
    if (entry.one_line && safe.TreatmentAt(profile, path) == KeyTreatment::kValue) {
      kept.push_back(std::move(entry));
      continue;
    }
    std::string field;
    for (const std::string& part : path) field += (field.empty() ? "" : ".") + part;
    log.Note(field, RedactionReason::kNotSafeListed);
  }
  if (content.find('#') != std::string_view::npos) log.Note("comments", RedactionReason::kComment);
  return WriteTomlLines(kept);
}

}  // namespace kubeproof
