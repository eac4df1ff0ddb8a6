#include "analyzer/config/config_values.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <utility>

namespace kubeproof {
namespace {

// Flow collections nest by brackets; a cheap scan refuses a 10,000-deep `[[[[` before the
// recursive parser ever sees it.
bool FlowNestingExceeds(std::string_view text, int max_depth) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t')) {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') && depth > 0) {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Parser events with nowhere to go: walks documents without building them.
class IgnoreEvents : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// yaml-cpp never consumes a stray ',' or ']' between documents ("{}\n,"): LoadAll then yields
// empty documents until memory runs out. A document needs a "---" or "..." line before it, so
// more documents than those lines plus one means the parser is stuck.
bool DocumentsRunAway(const std::string& text) {
  std::size_t bound = 1;
  for (std::size_t i = 0; i < text.size(); i = text.find('\n', i) == std::string::npos ? text.size() : text.find('\n', i) + 1) {
    if (text.compare(i, 3, "---") == 0 || text.compare(i, 3, "...") == 0) ++bound;
  }
  std::istringstream in(text);
  YAML::Parser parser(in);
  IgnoreEvents events;
  for (std::size_t documents = 0; parser.HandleNextDocument(events);) {
    if (++documents > bound) return true;
  }
  return false;
}

std::string ScalarType(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& s = node.Scalar();
  if (tag == "!") return "string";  // quoted: always a string
  if (s == "true" || s == "false" || s == "True" || s == "False" || s == "TRUE" || s == "FALSE") {
    return "bool";
  }
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return "null";
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

// Iterative walk with an explicit stack: depth and node count are bounded, aliases are
// counted every time they are reached, so an alias bomb is refused without being expanded.
Status Flatten(const YAML::Node& root, int document, const ConfigLimits& limits, std::size_t& nodes,
               std::vector<ConfigValue>& out) {
  struct Frame {
    YAML::Node node;
    std::string path;
    int depth;
  };
  std::vector<Frame> stack;
  stack.push_back({root, "", 0});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    if (++nodes > limits.max_nodes) {
      return Status::Limit("more than " + std::to_string(limits.max_nodes) + " nodes");
    }
    if (f.depth > limits.max_depth) {
      return Status::Limit("nesting deeper than " + std::to_string(limits.max_depth));
    }
    switch (f.node.Type()) {
      case YAML::NodeType::Map: {
        std::vector<Frame> children;
        for (const auto& kv : f.node) {
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
          children.push_back({kv.second, f.path.empty() ? key : f.path + "." + key, f.depth + 1});
        }
        for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
        break;
      }
      case YAML::NodeType::Sequence: {
        std::size_t n = f.node.size();
        for (std::size_t i = n; i-- > 0;) {
          stack.push_back({f.node[i], f.path + "[" + std::to_string(i) + "]", f.depth + 1});
        }
        break;
      }
      case YAML::NodeType::Scalar:
        out.push_back({document, f.path, f.node.Scalar(), ScalarType(f.node)});
        break;
      case YAML::NodeType::Null:
        if (!f.path.empty()) out.push_back({document, f.path, "", "null"});
        break;
      case YAML::NodeType::Undefined:
        break;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<ConfigValue>> FlattenConfig(std::string_view text, const ConfigLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Limit("configuration larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (FlowNestingExceeds(text, limits.max_depth)) {
    return Status::Limit("nesting deeper than " + std::to_string(limits.max_depth));
  }
  std::vector<YAML::Node> documents;
  try {
    std::string owned(text);
    if (DocumentsRunAway(owned)) return Status::Corrupt("not valid YAML or JSON: stray content between documents");
    documents = YAML::LoadAll(owned);
  } catch (const YAML::DeepRecursion& e) {
    return Status::Limit(std::string("nesting too deep: ") + e.what());
  } catch (const YAML::Exception& e) {
    return Status::Corrupt(std::string("not valid YAML or JSON: ") + e.what());
  }
  std::vector<ConfigValue> out;
  std::size_t nodes = 0;
  for (std::size_t i = 0; i < documents.size(); ++i) {
    try {
      Status s = Flatten(documents[i], static_cast<int>(i), limits, nodes, out);
      if (!s.ok()) return s;
    } catch (const YAML::Exception& e) {
      return Status::Corrupt(std::string("not valid YAML or JSON: ") + e.what());
    }
  }
  return out;
}

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
