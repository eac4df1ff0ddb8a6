// TOML read line by line, enough for the few container runtime settings the benchmark needs
// (containerd's config.toml, CRI-O's crio.conf): [tables], dotted and quoted keys, one-line
// values. A value spanning lines (array, inline table, multi-line string) is skipped whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubeproof {

struct TomlEntry {
  std::vector<std::string> table;  // [plugins."io.containerd.grpc.v1.cri".cni] -> 3 parts
  std::vector<std::string> key;    // conf_dir; a.b = 1 -> {"a", "b"}
  std::string value;               // a string's text unquoted, else the value as written
  bool is_string = false;
  bool one_line = true;            // false: the value spans lines and is not read
};

// Errors: Corrupt for a line that is neither a table, a key/value nor a comment, or a value
// left open at the end; Limit past 65,536 lines.
Result<std::vector<TomlEntry>> ParseTomlLines(std::string_view text);

// The path of an entry for the safe list: table then key, each part split on '.', so that
// plugins."io.containerd.grpc.v1.cri".cni.conf_dir matches a pattern written with dots.
std::vector<std::string> TomlSafeListPath(const TomlEntry& entry);

// Writes entries back as TOML: a [table] line before each change of table, then key = value.
std::string WriteTomlLines(const std::vector<TomlEntry>& entries);

}  // namespace kubeproof
