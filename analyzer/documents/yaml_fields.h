// Small readers shared by every rule-file loader: strict key sets and scalar-or-list fields, so
// each refuses an unknown key (and a YAML merge key, which yaml-cpp reads as a plain key) the same way.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// Ok when `node` is a map whose keys are all in `allowed`; else names `where` and the key.
Status CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed,
                 const std::string& where);

// A scalar as a one-element list, a sequence as its scalars, an absent node as empty.
std::vector<std::string> StringList(const YAML::Node& node);

}  // namespace kubeproof
