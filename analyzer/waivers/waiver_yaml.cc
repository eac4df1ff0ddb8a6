#include "analyzer/waivers/waiver_yaml.h"

#include <optional>

#include "analyzer/documents/yaml_document.h"
#include "common/yaml_parser.h"

namespace kubeproof {
namespace {

std::string ScalarText(const yaml_event_t& e) {
  return std::string(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
}

// A plain ~, null or empty scalar is YAML's null, as for any YAML reader; quoted, it is text.
bool IsNull(const yaml_event_t& e) {
  if (e.type != YAML_SCALAR_EVENT || e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  std::string text = ScalarText(e);
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Walks the first document's events once. Any error it meets (a repeated key, more nodes than
// `max_nodes`, a bad structure) is its own; the caller asks CheckYamlLimits whether a limit or the
// syntax names it better.
class EntryReader {
 public:
  EntryReader(std::string_view text, std::string origin, std::size_t max_nodes, const WaiverEntryVisitor& visit)
      : parser_(text), origin_(std::move(origin)), max_nodes_(max_nodes), visit_(visit) {}

  // True when a document follows the first one: only then does the rest of the text need reading.
  bool MoreDocuments() {
    for (;;) {
      if (!Advance().ok()) return true;
      if (Type() == YAML_DOCUMENT_START_EVENT) return true;
      if (Type() == YAML_STREAM_END_EVENT || Type() == YAML_NO_EVENT) return false;
    }
  }

  Status Read() {
    // Stream start, then the first document's start; an empty stream holds no waivers.
    if (Status s = Advance(); !s.ok()) return s;
    if (Status s = Advance(); !s.ok()) return s;
    if (Type() == YAML_STREAM_END_EVENT) return Status::Ok();
    if (Status s = Advance(); !s.ok()) return s;
    if (IsNull(**event_)) return Status::Ok();
    if (Type() == YAML_MAPPING_START_EVENT) return ReadWaiversKey();
    if (Type() == YAML_SEQUENCE_START_EVENT) return ReadList();
    return Fail("expected a list of waivers, or a map with the key waivers");
  }

 private:
  Status Advance() {
    event_.emplace();
    if (!parser_.Next(event_->get())) return Status::InvalidArgument(origin_ + ": " + parser_.Error().message());
    const auto type = Type();
    const bool node = type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT || type == YAML_SEQUENCE_START_EVENT ||
                      type == YAML_MAPPING_START_EVENT;
    if (node && ++nodes_ > max_nodes_) return Fail("too many nodes");
    return Status::Ok();
  }
  yaml_event_type_t Type() const { return (**event_).type; }
  Status Fail(const std::string& what) const { return Status::InvalidArgument(origin_ + ": " + what); }

  // The value of an anchored or plain scalar, through an alias when it is one.
  Result<std::string> Scalar(const std::string& where, const std::string& key) {
    const yaml_event_t& e = **event_;
    if (e.type == YAML_ALIAS_EVENT) {
      auto anchored = anchors_.find(reinterpret_cast<const char*>(e.data.alias.anchor));
      if (anchored == anchors_.end()) return Fail(where + ": " + key + " must be a single value");
      return anchored->second;
    }
    if (e.type != YAML_SCALAR_EVENT) return Fail(where + ": " + key + " must be a single value");
    std::string value = IsNull(e) ? "" : ScalarText(e);
    if (e.data.scalar.anchor != nullptr) anchors_[reinterpret_cast<const char*>(e.data.scalar.anchor)] = value;
    return value;
  }

  Status ReadWaiversKey() {
    bool seen = false;
    for (;;) {
      if (Status s = Advance(); !s.ok()) return s;
      if (Type() == YAML_MAPPING_END_EVENT) return Status::Ok();
      std::string key = Type() == YAML_SCALAR_EVENT ? ScalarText(**event_) : "";
      if (key != "waivers") return Fail("unknown top-level key " + key);
      if (seen) return Fail("key waivers repeated");
      seen = true;
      if (Status s = Advance(); !s.ok()) return s;
      if (IsNull(**event_)) continue;
      if (Type() != YAML_SEQUENCE_START_EVENT) return Fail("expected a list of waivers, or a map with the key waivers");
      if (Status s = ReadList(); !s.ok()) return s;
    }
  }

  Status ReadList() {
    for (std::size_t index = 1;; ++index) {
      if (Status s = Advance(); !s.ok()) return s;
      if (Type() == YAML_SEQUENCE_END_EVENT) return Status::Ok();
      std::string where = "entry " + std::to_string(index);
      if (Type() != YAML_MAPPING_START_EVENT) return Fail(where + ": a waiver is a map of keys");
      auto entry = ReadEntry(where);
      if (!entry.ok()) return entry.status();
      if (Status s = visit_(std::move(*entry)); !s.ok()) return s;
    }
  }

  Result<WaiverEntry> ReadEntry(const std::string& where) {
    WaiverEntry entry;
    for (;;) {
      if (Status s = Advance(); !s.ok()) return s;
      if (Type() == YAML_MAPPING_END_EVENT) return entry;
      auto key = Scalar(where, "a key");
      if (!key.ok()) return key.status();
      if (Status s = Advance(); !s.ok()) return s;
      auto value = Scalar(where, *key);
      if (!value.ok()) return value.status();
      if (!entry.emplace(std::move(*key), std::move(*value)).second) return Fail(where + ": a key repeated");
    }
  }

  YamlParser parser_;
  std::string origin_;
  const std::size_t max_nodes_;
  const WaiverEntryVisitor& visit_;
  std::size_t nodes_ = 0;
  std::optional<YamlEvent> event_;
  std::map<std::string, std::string> anchors_;
};

}  // namespace

Status ReadYamlWaiverEntries(std::string_view text, const DocumentLimits& limits, const std::string& origin,
                             const WaiverEntryVisitor& visit) {
  auto limited = [&]() -> Status {
    Status s = CheckYamlLimits(text, limits);
    return s.ok() ? s : Status::InvalidArgument(origin + ": " + s.message());
  };
  if (text.size() > limits.max_bytes) return limited();
  // One pass for a well-formed file; the limits and the syntax name any error they explain, as
  // they do for every document kubeproof reads.
  EntryReader reader(text, origin, limits.max_nodes, visit);
  Status read = reader.Read();
  if (!read.ok() || reader.MoreDocuments()) {
    if (Status s = limited(); !s.ok()) return s;
  }
  return read;
}

}  // namespace kubeproof
