#include "analyzer/documents/json_document.h"

#include <set>
#include <string>
#include <vector>

namespace kubeproof {
namespace {

using nlohmann::json;

// Sees every parser event; after the first problem nothing more is kept.
class JsonGuard {
 public:
  explicit JsonGuard(const DocumentLimits& limits) : limits_(limits) {}

  // `depth` is the number of collections open around the event.
  bool See(int depth, json::parse_event_t event, const json& parsed) {
    if (!status_.ok()) return false;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= limits_.max_depth) {
          return Fail(Status::Limit("nesting deeper than " + std::to_string(limits_.max_depth) +
                                    " (limit)"));
        }
        if (event == json::parse_event_t::object_start) keys_.emplace_back();
        return Count();
      case json::parse_event_t::key: {
        const std::string& key = parsed.get_ref<const std::string&>();
        if (!keys_.back().insert(key).second)
          return Fail(Status::Corrupt("key " + QuotedKey(key) + " repeated"));
        return true;
      }
      case json::parse_event_t::object_end:
        keys_.pop_back();
        return true;
      case json::parse_event_t::array_end:
        return true;
      case json::parse_event_t::value:
        return Count();
    }
    return true;
  }
  const Status& status() const { return status_; }

 private:
  bool Count() {
    if (++nodes_ > limits_.max_nodes) {
      return Fail(
          Status::Limit("more than " + std::to_string(limits_.max_nodes) + " nodes (limit)"));
    }
    return true;
  }
  bool Fail(Status s) {
    status_ = std::move(s);
    return false;
  }

  const DocumentLimits& limits_;
  std::vector<std::set<std::string>> keys_;  // of each open object
  std::size_t nodes_ = 0;
  Status status_;
};

}  // namespace

Result<json> ParseJsonDocument(std::string_view text, const DocumentLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Limit("larger than " + std::to_string(limits.max_bytes) + " bytes (limit)");
  }
  JsonGuard guard(limits);
  json document;
  try {
    document = json::parse(text, [&guard](int depth, json::parse_event_t event, json& parsed) {
      return guard.See(depth, event, parsed);
    });
  } catch (const json::exception& e) {
    if (!guard.status().ok()) return guard.status();
    return Status::Corrupt(std::string("malformed JSON (") + e.what() + ")");
  }
  if (!guard.status().ok()) return guard.status();
  return document;
}

}  // namespace kubeproof
