#include "analyzer/documents/yaml_fields.h"

namespace kubeproof {

Status CheckKeys(const YAML::Node& node, const std::set<std::string>& allowed,
                 const std::string& where) {
  if (!node.IsMap()) return Status::InvalidArgument(where + ": expected a map");
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (key == "<<") {
      return Status::InvalidArgument(where +
                                     ": merge keys ('<<') are not supported; write the keys out (examples share "
                                     "evidence with 'bases:' and 'base:')");
    }
    if (!allowed.count(key)) return Status::InvalidArgument(where + ": unknown key '" + key + "'");
  }
  return Status::Ok();
}

std::vector<std::string> StringList(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) return {node.as<std::string>()};
  for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

}  // namespace kubeproof
