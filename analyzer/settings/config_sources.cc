#include "analyzer/settings/config_sources.h"

#include "analyzer/settings/file_lookup.h"

namespace kubeproof {
namespace {

// Go's filepath.Ext: the suffix from the last dot of the name.
bool HasExtension(const std::string& name, const std::string& extension) {
  if (extension.empty()) return true;
  std::size_t dot = name.rfind('.');
  return dot != std::string::npos && name.substr(dot) == extension;
}

bool AnyRecordBeneath(const NodeEvidence& evidence, const std::string& dir) {
  const std::string prefix = dir + "/";
  for (const auto& f : evidence.files) {
    if (f.path.compare(0, prefix.size(), prefix) == 0 && f.path.size() > prefix.size()) return true;
  }
  return false;
}

// Walks `dir` as filepath.WalkDir does: entries in name order, a subdirectory where it sorts.
void Walk(const NodeEvidence& evidence, const std::string& dir, const ConfigDirRule& rule,
          std::vector<ConfigSource>& out) {
  DirectoryListing listing = ListDirectory(evidence, dir);
  if (listing.state == DirectoryListing::State::kAbsent) return;
  if (listing.state != DirectoryListing::State::kListed) {
    out.push_back({dir,
                   "drop-in " + listing.problem,
                   SettingLayer::kConfigDir,
                   "drop-in " + listing.problem,
                   {}});
    return;
  }
  for (const FileEvidence* f : listing.entries) {
    const std::string name = f->path.substr(f->path.rfind('/') + 1);
    if (f->type && *f->type == "dir") {
      if (!rule.recursive) continue;
      // The collector does not descend into a drop-in directory's subdirectories.
      if (!AnyRecordBeneath(evidence, f->path)) {
        std::string problem = "drop-in directory " + f->path + " not collected";
        out.push_back({f->path, problem, SettingLayer::kConfigDir, problem, {}});
        continue;
      }
      Walk(evidence, f->path, rule, out);
      continue;
    }
    if (HasExtension(name, rule.extension)) {
      out.push_back(
          LoadConfigSource(evidence, f->path, "drop-in " + f->path, SettingLayer::kConfigDir));
    }
  }
}

}  // namespace

ConfigSource LoadConfigSource(const NodeEvidence& evidence, const std::string& path,
                              const std::string& label, SettingLayer layer) {
  ConfigSource src{path, label, layer, std::nullopt, {}};
  FileLookup found = LookupFile(evidence, path);
  if (found.record == nullptr) {
    src.problem = label + " not collected";
  } else if (found.record->status == "absent") {
    src.problem = label + " not found";
  } else if (found.record->status != "ok" || !found.record->content) {
    src.problem = label + " unreadable: " +
                  (found.record->error ? *found.record->error : found.record->status);
  } else {
    auto values = FlattenConfig(*found.record->content, ConfigLimits{});
    if (values.ok()) {
      // The components decode one YAML document (go-yaml's Unmarshal); later ones are ignored.
      for (auto& v : *values) {
        if (v.document == 0) src.values.push_back(std::move(v));
      }
    } else {
      src.problem = label + " unparsable: " + values.status().message();
    }
  }
  return src;
}

std::vector<ConfigSource> LoadDropIns(const NodeEvidence& evidence, const std::string& dir,
                                      const ConfigDirRule& rule) {
  std::vector<ConfigSource> out;
  Walk(evidence, dir, rule, out);
  return out;
}

}  // namespace kubeproof
