#include "analyzer/config/config_values.h"

#include <algorithm>
#include <map>
#include <utility>

#include "common/yaml_parser.h"

namespace kubeproof {
namespace {

// One node event of a document, kept so that an alias can replay what its anchor named.
struct NodeEvent {
  enum class Kind { kScalar, kAlias, kSequenceStart, kSequenceEnd, kMappingStart, kMappingEnd };
  Kind kind;
  std::string text;         // a scalar's value
  bool plain = false;       // an untagged plain scalar: its type comes from its text
  std::size_t target = 0;   // an alias: index of the anchored node's first event
};

std::string AnchorName(const yaml_char_t* anchor) {
  return anchor == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(anchor));
}

// Reads one document's node events after its DOCUMENT-START. Nesting is bounded here, while
// reading, so a 10,000-deep input costs at most max_depth levels of anything.
Status ReadDocument(YamlParser& parser, const ConfigLimits& limits, std::vector<NodeEvent>* events) {
  std::map<std::string, std::size_t> anchors;     // completed anchors: name → first event
  std::vector<std::pair<std::string, std::size_t>> open;  // anchored collections not yet closed
  std::vector<std::size_t> starts;                // first event of each open collection
  int depth = 0;
  while (true) {
    YamlEvent event;
    if (!parser.Next(event.get())) return parser.Error();
    const yaml_event_t& e = *event;
    // Collection ends are two events per node at most: more events than that is more nodes.
    if (events->size() > 2 * limits.max_nodes) {
      return Status::Limit("more than " + std::to_string(limits.max_nodes) + " nodes");
    }
    switch (e.type) {
      case YAML_DOCUMENT_END_EVENT:
        return Status::Ok();
      case YAML_SCALAR_EVENT: {
        NodeEvent node{NodeEvent::Kind::kScalar,
                       std::string(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length)};
        node.plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && e.data.scalar.tag == nullptr;
        if (e.data.scalar.anchor != nullptr) anchors[AnchorName(e.data.scalar.anchor)] = events->size();
        events->push_back(std::move(node));
        break;
      }
      case YAML_ALIAS_EVENT: {
        auto anchor = anchors.find(AnchorName(e.data.alias.anchor));
        if (anchor == anchors.end()) {
          return Status::Corrupt("not valid YAML or JSON: alias *" + AnchorName(e.data.alias.anchor) +
                                 " names no complete anchor before it");
        }
        events->push_back({NodeEvent::Kind::kAlias, "", false, anchor->second});
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (++depth > limits.max_depth) {
          return Status::Limit("nesting deeper than " + std::to_string(limits.max_depth));
        }
        bool sequence = e.type == YAML_SEQUENCE_START_EVENT;
        const yaml_char_t* anchor = sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
        starts.push_back(events->size());
        if (anchor != nullptr) open.emplace_back(AnchorName(anchor), events->size());
        events->push_back({sequence ? NodeEvent::Kind::kSequenceStart : NodeEvent::Kind::kMappingStart, ""});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        --depth;
        std::size_t start = starts.back();
        starts.pop_back();
        if (!open.empty() && open.back().second == start) {
          anchors[open.back().first] = start;
          open.pop_back();
        }
        bool sequence = e.type == YAML_SEQUENCE_END_EVENT;
        events->push_back({sequence ? NodeEvent::Kind::kSequenceEnd : NodeEvent::Kind::kMappingEnd, ""});
        break;
      }
      default:
        return Status::Corrupt("not valid YAML or JSON: unexpected event inside a document");
    }
  }
}

// A backslash escapes a key's own '.', '[', ']' and backslash: no single key reads as a path.
std::string EscapeKey(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '.' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

bool IsNull(const NodeEvent& scalar) {
  const std::string& s = scalar.text;
  return scalar.plain && (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL");
}

std::string ScalarType(const NodeEvent& scalar) {
  if (!scalar.plain) return "string";  // quoted, block or tagged: always a string
  const std::string& s = scalar.text;
  if (s == "true" || s == "false" || s == "True" || s == "False" || s == "TRUE" || s == "FALSE") {
    return "bool";
  }
  if (IsNull(scalar)) return "null";
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digits = i < s.size();
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
    } else if (s[i] < '0' || s[i] > '9') {
      digits = false;
      break;
    }
  }
  return digits ? "number" : "string";
}

// Walks a document's events into key-path rows. Aliases are replayed where they are used and
// every node reached counts, so an alias bomb stops at max_nodes instead of expanding.
class Flattener {
 public:
  Flattener(const std::vector<NodeEvent>& events, int document, const ConfigLimits& limits, std::size_t* nodes,
            std::vector<ConfigValue>* out)
      : events_(events), document_(document), limits_(limits), nodes_(*nodes), out_(*out) {}

  // Flattens the node starting at `at`; returns the index just past it.
  Result<std::size_t> Node(std::size_t at, const std::string& path, int depth) {
    if (++nodes_ > limits_.max_nodes) {
      return Status::Limit("more than " + std::to_string(limits_.max_nodes) + " nodes");
    }
    if (depth > limits_.max_depth) return Status::Limit("nesting deeper than " + std::to_string(limits_.max_depth));
    const NodeEvent& e = events_[at];
    switch (e.kind) {
      case NodeEvent::Kind::kScalar:
        if (IsNull(e)) {
          if (!path.empty()) out_.push_back({document_, path, "", "null"});
        } else {
          out_.push_back({document_, path, e.text, ScalarType(e)});
        }
        return at + 1;
      case NodeEvent::Kind::kAlias: {
        auto replayed = Node(e.target, path, depth);
        if (!replayed.ok()) return replayed.status();
        return at + 1;
      }
      case NodeEvent::Kind::kSequenceStart: {
        std::size_t i = at + 1;
        // An empty collection is a row of its own, so `identity: {}` is visible.
        if (events_[i].kind == NodeEvent::Kind::kSequenceEnd && !path.empty()) out_.push_back({document_, path, "", "list"});
        for (std::size_t index = 0; events_[i].kind != NodeEvent::Kind::kSequenceEnd; ++index) {
          auto next = Node(i, path + "[" + std::to_string(index) + "]", depth + 1);
          if (!next.ok()) return next.status();
          i = *next;
        }
        return i + 1;
      }
      case NodeEvent::Kind::kMappingStart: {
        std::size_t i = at + 1;
        if (events_[i].kind == NodeEvent::Kind::kMappingEnd && !path.empty()) out_.push_back({document_, path, "", "map"});
        while (events_[i].kind != NodeEvent::Kind::kMappingEnd) {
          std::string key = EscapeKey(KeyText(i));
          i = Skip(i);
          auto next = Node(i, path.empty() ? key : path + "." + key, depth + 1);
          if (!next.ok()) return next.status();
          i = *next;
        }
        return i + 1;
      }
      default:
        return Status::Corrupt("not valid YAML or JSON: unbalanced collection");
    }
  }

 private:
  // A scalar key's text, through an alias if need be; a collection as a key reads "?".
  std::string KeyText(std::size_t at) const {
    const NodeEvent* e = &events_[at];
    if (e->kind == NodeEvent::Kind::kAlias) e = &events_[e->target];
    return e->kind == NodeEvent::Kind::kScalar ? e->text : "?";
  }

  // The index just past the node at `at`, without flattening it (aliases are one event).
  std::size_t Skip(std::size_t at) const {
    int open = 0;
    do {
      NodeEvent::Kind kind = events_[at++].kind;
      if (kind == NodeEvent::Kind::kSequenceStart || kind == NodeEvent::Kind::kMappingStart) ++open;
      if (kind == NodeEvent::Kind::kSequenceEnd || kind == NodeEvent::Kind::kMappingEnd) --open;
    } while (open > 0);
    return at;
  }

  const std::vector<NodeEvent>& events_;
  const int document_;
  const ConfigLimits& limits_;
  std::size_t& nodes_;
  std::vector<ConfigValue>& out_;
};

}  // namespace

Result<std::vector<ConfigValue>> FlattenConfig(std::string_view text, const ConfigLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Limit("configuration larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  YamlParser parser(text);
  std::vector<ConfigValue> out;
  std::size_t nodes = 0;
  for (int document = 0;;) {
    YamlEvent event;
    if (!parser.Next(event.get())) return parser.Error();
    if ((*event).type == YAML_STREAM_END_EVENT) return out;
    if ((*event).type != YAML_DOCUMENT_START_EVENT) continue;
    std::vector<NodeEvent> events;  // the document's nodes, aliases pointing at their anchors
    if (Status s = ReadDocument(parser, limits, &events); !s.ok()) return s;
    if (!events.empty()) {
      Flattener flattener(events, document, limits, &nodes, &out);
      if (auto end = flattener.Node(0, "", 0); !end.ok()) return end.status();
    }
    ++document;
  }
}

bool ConfigValue::scalar() const { return value_type != "null" && value_type != "map" && value_type != "list"; }

bool IsStructuredConfig(const FileEvidence& file) {
  if (!file.content.has_value()) return false;
  const std::string& p = file.path;
  auto ends_with = [&](std::string_view suffix) {
    return p.size() >= suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".service") || ends_with(".env") || p.find("/systemd/") != std::string::npos ||
      p.rfind("/etc/default/", 0) == 0 || p.rfind("/etc/sysconfig/", 0) == 0) {
    return false;
  }
  if (ends_with(".yaml") || ends_with(".yml") || ends_with(".json")) return true;
  // kubeconfigs and kubelet drop-ins (.conf) are YAML; the role the collector recorded says so.
  if (ends_with(".conf") || ends_with("kubeconfig") || ends_with("/config")) return true;
  return std::any_of(file.why.begin(), file.why.end(), [](const std::string& w) {
    return w.find("kubeconfig") != std::string::npos || w.find("--config") != std::string::npos ||
           w.find("manifest") != std::string::npos;
  });
}

}  // namespace kubeproof
