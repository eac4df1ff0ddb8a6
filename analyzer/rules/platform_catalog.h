// PlatformCatalog: the platforms a node can be recognised as (EKS, AKS, GKE, k3s, RKE2, kubeadm),
// each by markers its evidence shows. Loaded from benchmarks/platforms/*.yaml (schema/RULES.md).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// One thing the evidence may show. Exactly one of `file`, `process` or `os_release` is set.
struct PlatformMarker {
  std::string file;                               // the collector found this path on the node
  std::string process;                            // a process of this component runs ...
  std::string flag;                               // ... with this flag (optional) ...
  std::string value;                              // ... equal to this value (optional) ...
  std::string value_prefix;                       // ... or starting with this (optional)
  std::map<std::string, std::string> os_release;  // os-release keys with these values
};

// A way the platform builds its nodes (AL2023 with nodeadm, Bottlerocket ...): any of its markers
// names it; a variant without markers names every node no earlier variant does.
struct PlatformVariant {
  std::string name;
  std::vector<PlatformMarker> markers;
};

struct PlatformSpec {
  std::string platform;  // "eks": what a benchmark's `platform:` names
  std::string title;     // "Amazon EKS"
  int rank = 0;          // when several platforms' markers show, the lowest rank wins
  std::vector<PlatformMarker> markers;  // any one shows a node is of this platform
  std::vector<PlatformVariant> variants;
};

struct PlatformCatalog {
  std::vector<PlatformSpec> platforms;  // by rank

  const PlatformSpec* Find(const std::string& platform) const;
};

// Parses one platforms/<platform>.yaml; `origin` names the file in errors.
Result<PlatformSpec> ParsePlatformSpec(const std::string& yaml_text, const std::string& origin);

// Loads every <dir>/*.yaml; a missing directory is an empty catalog. Ids and ranks are unique.
Result<PlatformCatalog> LoadPlatformCatalog(const std::filesystem::path& dir);

}  // namespace kubeproof
