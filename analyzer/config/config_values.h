// Structured configuration files (YAML, multi-document YAML, JSON) flattened to key-path/value
// rows, so SQL and the rules engine can reach any setting. Parsing is bounded: bundles are hostile.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/evidence/node_evidence.h"
#include "common/status.h"

namespace kubeproof {

struct ConfigValue {
  int document = 0;        // index within a multi-document YAML file
  // "authentication.anonymous.enabled", "spec.containers[0].command[2]"; a backslash escapes a
  // key's own '.', '[', ']' and backslash, so the single key `a.b` reads `a\.b`, never a path.
  std::string key_path;
  std::string value;       // scalar text; "" for null and empty collections
  std::string value_type;  // string, number, bool, null; map or list for an empty collection

  bool scalar() const;  // string, number or bool
};

struct ConfigLimits {
  std::size_t max_bytes = 4 << 20;
  int max_depth = 64;
  std::size_t max_nodes = 200000;  // counted after alias expansion
};

// Parses `text` as YAML (JSON is accepted as YAML) and flattens every scalar.
// Errors: Status::Limit when a bound is exceeded (a hostile file: ingest refuses the bundle),
// Status::Corrupt when the text is not valid YAML/JSON (recorded as a problem, bundle kept).
Result<std::vector<ConfigValue>> FlattenConfig(std::string_view text, const ConfigLimits& limits);

// True when a file's path or role says it holds structured configuration worth flattening
// (kubelet/kube-proxy configs, static pod manifests, kubeconfigs, encryption/audit/admission
// configs); systemd units and environment files are not.
bool IsStructuredConfig(const FileEvidence& file);

}  // namespace kubeproof
