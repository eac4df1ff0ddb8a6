#include "common/structured_filter.h"

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "common/command_line_filter.h"
#include "common/yaml_parser.h"

namespace kubeproof {
namespace {

// One parsed node. Aliases are expanded into copies, so the tree has no sharing.
struct Node {
  enum class Kind { kScalar, kSequence, kMapping };
  Kind kind = Kind::kScalar;
  std::string text;  // a scalar's value
  std::string tag;
  yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
  bool plain_implicit = true;
  bool quoted_implicit = true;
  std::vector<Node> children;  // a sequence's items; a mapping's keys and values, alternating
};

std::string Text(const yaml_char_t* s) { return s == nullptr ? std::string() : reinterpret_cast<const char*>(s); }

// A tag is kept only when it is one of YAML's own: any other is text the file's author chose.
std::string KeptTag(const yaml_char_t* tag) {
  static const std::set<std::string> kYamlTags = {
      "tag:yaml.org,2002:str",    "tag:yaml.org,2002:int",       "tag:yaml.org,2002:float",
      "tag:yaml.org,2002:bool",   "tag:yaml.org,2002:null",      "tag:yaml.org,2002:binary",
      "tag:yaml.org,2002:map",    "tag:yaml.org,2002:seq",       "tag:yaml.org,2002:timestamp"};
  std::string text = Text(tag);
  return kYamlTags.count(text) != 0 ? text : std::string();
}

std::size_t CountNodes(const Node& node) {
  std::size_t n = 1;
  for (const Node& child : node.children) n += CountNodes(child);
  return n;
}

// Builds one document's tree from its events without recursion, bounded in depth and nodes.
Result<Node> ReadDocument(YamlParser& parser, const StructuredLimits& limits, std::size_t& nodes) {
  std::vector<Node> stack;  // open collections; the root is built inside a holder
  stack.emplace_back();
  stack.back().kind = Node::Kind::kSequence;
  std::vector<std::string> stack_anchors{""};
  std::map<std::string, Node> anchors;
  auto add = [&](Node node, const std::string& anchor) -> Status {
    nodes += CountNodes(node);
    if (nodes > limits.max_nodes) return Status::Limit("more than " + std::to_string(limits.max_nodes) + " nodes");
    if (!anchor.empty()) anchors[anchor] = node;
    stack.back().children.push_back(std::move(node));
    return Status::Ok();
  };
  while (true) {
    YamlEvent event;
    if (!parser.Next(event.get())) return parser.Error();
    const yaml_event_t& e = *event;
    switch (e.type) {
      case YAML_DOCUMENT_END_EVENT: {
        if (stack.size() != 1 || stack[0].children.size() != 1) return Status::Corrupt("not valid YAML or JSON: empty document");
        return std::move(stack[0].children[0]);
      }
      case YAML_SCALAR_EVENT: {
        Node node;
        node.text.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        node.tag = KeptTag(e.data.scalar.tag);
        node.style = e.data.scalar.style;
        // Without its tag the scalar is written as an untagged one of its style.
        node.plain_implicit = node.tag.empty() || e.data.scalar.plain_implicit != 0;
        node.quoted_implicit = node.tag.empty() || e.data.scalar.quoted_implicit != 0;
        if (Status s = add(std::move(node), Text(e.data.scalar.anchor)); !s.ok()) return s;
        break;
      }
      case YAML_ALIAS_EVENT: {
        auto it = anchors.find(Text(e.data.alias.anchor));
        if (it == anchors.end()) return Status::Corrupt("not valid YAML or JSON: alias to no complete anchor");
        if (Status s = add(it->second, ""); !s.ok()) return s;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (static_cast<int>(stack.size()) > limits.max_depth) {
          return Status::Limit("nesting deeper than " + std::to_string(limits.max_depth));
        }
        bool sequence = e.type == YAML_SEQUENCE_START_EVENT;
        Node node;
        node.kind = sequence ? Node::Kind::kSequence : Node::Kind::kMapping;
        node.tag = KeptTag(sequence ? e.data.sequence_start.tag : e.data.mapping_start.tag);
        stack.push_back(std::move(node));
        stack_anchors.push_back(Text(sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Node done = std::move(stack.back());
        std::string anchor = stack_anchors.back();
        stack.pop_back();
        stack_anchors.pop_back();
        ++nodes;
        if (!anchor.empty()) {
          nodes += CountNodes(done);
          if (nodes > limits.max_nodes) return Status::Limit("more than " + std::to_string(limits.max_nodes) + " nodes");
          anchors[anchor] = done;
        }
        stack.back().children.push_back(std::move(done));
        break;
      }
      default: return Status::Corrupt("not valid YAML or JSON: unexpected event");
    }
  }
}

std::string PathText(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (segment != "[]" && !out.empty()) out += '.';
    out += segment;
  }
  return out.empty() ? "(document)" : out;
}

Node RedactedScalar() {
  Node node;
  node.text = std::string(kRedactedValue);
  node.style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  node.plain_implicit = false;
  node.quoted_implicit = true;
  return node;
}

bool IsEmptyScalar(const Node& node) {
  return node.kind == Node::Kind::kScalar && node.tag.empty() && node.style == YAML_PLAIN_SCALAR_STYLE &&
         (node.text.empty() || node.text == "~" || node.text == "null" || node.text == "Null" || node.text == "NULL");
}

// Applies the safe list to a tree in place.
class TreeFilter {
 public:
  TreeFilter(std::string_view profile, const SafeSettings& safe, RedactionLog& log)
      : profile_(profile), safe_(safe), log_(log) {}

  void Filter(Node& node, std::vector<std::string>& path) {
    std::optional<KeyTreatment> treatment = safe_.TreatmentAt(profile_, path);
    if (treatment == KeyTreatment::kFlag && !path.empty()) return FilterFlagValue(node, path, path.back());
    switch (node.kind) {
      case Node::Kind::kScalar:
        if (treatment == KeyTreatment::kValue) return KeepScalar(node, path);
        return Redact(node, path, RedactionReason::kNotSafeListed);
      case Node::Kind::kSequence:
        if (treatment == KeyTreatment::kCommand || treatment == KeyTreatment::kArgs) {
          return FilterWords(node, path, treatment == KeyTreatment::kCommand ? 1 : 0);
        }
        path.emplace_back("[]");
        for (Node& item : node.children) Filter(item, path);
        path.pop_back();
        return;
      case Node::Kind::kMapping: return FilterMapping(node, path);
    }
  }

 private:
  void FilterMapping(Node& node, std::vector<std::string>& path) {
    std::vector<Node> kept;
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
      Node& key = node.children[i];
      if (key.kind != Node::Kind::kScalar) {
        log_.Note(PathText(path) + " (complex key)", RedactionReason::kComplexKey);
        continue;
      }
      // A key spelled "[]" must not pass for an element of a safe sequence path.
      path.push_back(key.text == "[]" ? "\"[]\"" : key.text);
      Filter(node.children[i + 1], path);
      path.pop_back();
      kept.push_back(std::move(key));
      kept.push_back(std::move(node.children[i + 1]));
    }
    node.children = std::move(kept);
  }

  void KeepScalar(Node& node, const std::vector<std::string>& path) {
    std::optional<std::string> value = SafeValue(node.text);
    if (!value) return Redact(node, path, RedactionReason::kUrlCredentials);
    node.text = *value;
  }

  void Redact(Node& node, const std::vector<std::string>& path, RedactionReason reason) {
    if (IsEmptyScalar(node)) return;
    if (node.kind != Node::Kind::kScalar) {
      // A collection where a scalar was expected: every scalar under it goes.
      std::vector<std::string> inner = path;
      RedactAll(node, inner, reason);
      return;
    }
    // Filtering what was filtered before changes nothing and notes nothing new.
    if (node.text != kRedactedValue) log_.Note(PathText(path), reason);
    node = RedactedScalar();
  }

  void RedactAll(Node& node, std::vector<std::string>& path, RedactionReason reason) {
    if (node.kind == Node::Kind::kScalar) return Redact(node, path, reason);
    if (node.kind == Node::Kind::kSequence) {
      path.emplace_back("[]");
      for (Node& item : node.children) RedactAll(item, path, reason);
      path.pop_back();
      return;
    }
    for (std::size_t i = 1; i < node.children.size(); i += 2) {
      bool scalar_key = node.children[i - 1].kind == Node::Kind::kScalar;
      path.push_back(scalar_key ? node.children[i - 1].text : "?");
      if (!scalar_key) node.children[i - 1] = RedactedScalar();
      RedactAll(node.children[i], path, reason);
      path.pop_back();
    }
  }

  // A sequence of scalar words judged as a command line; anything else in it is redacted.
  void FilterWords(Node& node, std::vector<std::string>& path, std::size_t first) {
    std::vector<std::string> words;
    for (const Node& item : node.children) {
      words.push_back(item.kind == Node::Kind::kScalar ? item.text : std::string(kRedactedValue));
    }
    RedactionLog words_log;
    std::vector<std::string> filtered = FilterArguments(words, first, words_log, safe_);
    for (const RedactedField& r : words_log.entries()) log_.Note(PathText(path) + " " + r.field, r.reason);
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      Node& item = node.children[i];
      if (item.kind != Node::Kind::kScalar) {
        path.emplace_back("[]");
        RedactAll(item, path, RedactionReason::kUnplaceable);
        path.pop_back();
      } else if (filtered[i] != item.text) {
        Node replaced = RedactedScalar();
        replaced.text = filtered[i];
        item = std::move(replaced);
      }
    }
  }

  // k3s/RKE2 config.yaml: `flag-name: value` or `flag-name: [values]`.
  void FilterFlagValue(Node& node, std::vector<std::string>& path, const std::string& key) {
    // `key+:` appends to the key's list (k3s, RKE2): its values are judged as the key's own.
    const std::string flag = !key.empty() && key.back() == '+' ? key.substr(0, key.size() - 1) : key;
    // The value is read back out of `--flag=value` below, which only a flag name makes possible.
    if (!IsFlagName(flag)) return RedactAll(node, path, RedactionReason::kUnplaceable);
    std::vector<Node*> scalars;
    if (node.kind == Node::Kind::kScalar) scalars.push_back(&node);
    if (node.kind == Node::Kind::kSequence) {
      for (Node& item : node.children) {
        if (item.kind == Node::Kind::kScalar) scalars.push_back(&item);
      }
    }
    if (node.kind == Node::Kind::kMapping || scalars.size() != (node.kind == Node::Kind::kScalar ? 1 : node.children.size())) {
      return RedactAll(node, path, RedactionReason::kNotSafeListed);
    }
    for (Node* scalar : scalars) {
      if (IsEmptyScalar(*scalar)) continue;
      RedactionLog flag_log;
      std::vector<std::string> filtered = FilterArguments({"--" + flag + "=" + scalar->text}, 0, flag_log, safe_);
      for (const RedactedField& r : flag_log.entries()) log_.Note(r.field, r.reason);
      std::string kept = filtered[0].substr(flag.size() + 3);
      if (kept != scalar->text) {
        Node replaced = RedactedScalar();
        replaced.text = kept;
        *scalar = std::move(replaced);
      }
    }
  }

  std::string profile_;
  const SafeSettings& safe_;
  RedactionLog& log_;
};

int WriteToString(void* data, unsigned char* buffer, size_t size) {
  static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
  return 1;
}

class Emitter {
 public:
  explicit Emitter(std::string* out) {
    yaml_emitter_initialize(&emitter_);
    yaml_emitter_set_output(&emitter_, WriteToString, out);
    yaml_emitter_set_unicode(&emitter_, 1);
    yaml_emitter_set_width(&emitter_, -1);
    yaml_emitter_set_indent(&emitter_, 2);
  }
  ~Emitter() { yaml_emitter_delete(&emitter_); }
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  bool Emit(yaml_event_t* event) { return yaml_emitter_emit(&emitter_, event) == 1; }

  bool Node(const kubeproof::Node& node) {
    yaml_event_t event;
    auto* tag = node.tag.empty() ? nullptr : reinterpret_cast<yaml_char_t*>(const_cast<char*>(node.tag.c_str()));
    int implicit = node.tag.empty() ? 1 : 0;
    if (node.kind == Node::Kind::kScalar) {
      yaml_scalar_event_initialize(&event, nullptr, tag,
                                   reinterpret_cast<yaml_char_t*>(const_cast<char*>(node.text.data())),
                                   static_cast<int>(node.text.size()), node.tag.empty() && node.plain_implicit,
                                   node.tag.empty() && node.quoted_implicit, node.style);
      return Emit(&event);
    }
    bool sequence = node.kind == Node::Kind::kSequence;
    if (sequence) {
      yaml_sequence_start_event_initialize(&event, nullptr, tag, implicit, YAML_ANY_SEQUENCE_STYLE);
    } else {
      yaml_mapping_start_event_initialize(&event, nullptr, tag, implicit, YAML_ANY_MAPPING_STYLE);
    }
    if (!Emit(&event)) return false;
    for (const kubeproof::Node& child : node.children) {
      if (!Node(child)) return false;
    }
    if (sequence) {
      yaml_sequence_end_event_initialize(&event);
    } else {
      yaml_mapping_end_event_initialize(&event);
    }
    return Emit(&event);
  }

 private:
  yaml_emitter_t emitter_;
};

}  // namespace

Result<std::string> FilterStructured(std::string_view text, std::string_view profile, RedactionLog& log,
                                     const SafeSettings& safe, const StructuredLimits& limits) {
  YamlParser parser(text);
  std::vector<Node> documents;
  std::size_t nodes = 0;
  while (true) {
    YamlEvent event;
    if (!parser.Next(event.get())) return parser.Error();
    if ((*event).type == YAML_STREAM_END_EVENT) break;
    if ((*event).type != YAML_DOCUMENT_START_EVENT) continue;
    Result<Node> document = ReadDocument(parser, limits, nodes);
    if (!document.ok()) return document.status();
    documents.push_back(std::move(document).value());
  }
  TreeFilter filter(profile, safe, log);
  for (Node& document : documents) {
    std::vector<std::string> path;
    filter.Filter(document, path);
  }
  std::string out;
  Emitter emitter(&out);
  yaml_event_t event;
  yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
  bool ok = emitter.Emit(&event);
  for (std::size_t i = 0; ok && i < documents.size(); ++i) {
    yaml_document_start_event_initialize(&event, nullptr, nullptr, nullptr, i == 0 ? 1 : 0);
    ok = emitter.Emit(&event) && emitter.Node(documents[i]);
    yaml_document_end_event_initialize(&event, 1);
    ok = ok && emitter.Emit(&event);
  }
  yaml_stream_end_event_initialize(&event);
  ok = ok && emitter.Emit(&event);
  if (!ok) return Status::Corrupt("filtered YAML could not be written");
  return out;
}

}  // namespace kubeproof
