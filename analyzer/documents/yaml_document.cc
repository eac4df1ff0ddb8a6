#include "analyzer/documents/yaml_document.h"

#include <set>
#include <string>
#include <vector>

#include "common/yaml_parser.h"

namespace kubeproof {
namespace {

// An open collection while scanning; a mapping's nodes alternate key, value.
struct OpenCollection {
  bool mapping = false;
  bool at_key = true;
  std::set<std::string> keys;
};

bool StartsNode(yaml_event_type_t type) {
  return type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT ||
         type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT;
}

// Checks a key against the keys its mapping already has.
Status SeeKey(const yaml_event_t& e, OpenCollection& mapping) {
  if (!mapping.at_key || e.type != YAML_SCALAR_EVENT) return Status::Ok();
  std::string key(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  if (mapping.keys.insert(key).second) return Status::Ok();
  return Status::Corrupt("key " + QuotedKey(key) + " repeated at line " +
                         std::to_string(e.start_mark.line + 1));
}

}  // namespace

Status CheckYamlLimits(std::string_view text, const DocumentLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Limit("larger than " + std::to_string(limits.max_bytes) + " bytes (limit)");
  }
  YamlParser parser(text);
  std::vector<OpenCollection> open;
  std::size_t nodes = 0;
  while (true) {
    YamlEvent event;
    if (!parser.Next(event.get())) return parser.Error();
    const yaml_event_t& e = *event;
    if (e.type == YAML_STREAM_END_EVENT) return Status::Ok();
    if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
      open.pop_back();
      continue;
    }
    if (!StartsNode(e.type)) continue;
    if (++nodes > limits.max_nodes) {
      return Status::Limit("more than " + std::to_string(limits.max_nodes) + " nodes (limit)");
    }
    if (!open.empty() && open.back().mapping) {
      if (Status s = SeeKey(e, open.back()); !s.ok()) return s;
      open.back().at_key = !open.back().at_key;
    }
    if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT) {
      if (static_cast<int>(open.size()) >= limits.max_depth) {
        return Status::Limit("nesting deeper than " + std::to_string(limits.max_depth) +
                             " (limit)");
      }
      open.emplace_back().mapping = e.type == YAML_MAPPING_START_EVENT;
    }
  }
}

Result<YAML::Node> LoadYamlDocument(std::string_view text, const DocumentLimits& limits) {
  if (Status s = CheckYamlLimits(text, limits); !s.ok()) return s;
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status::Corrupt(std::string("not valid YAML: ") + e.what());
  }
}

}  // namespace kubeproof
