// JsonStream: writes a JSON document a piece at a time, so a large one is never held whole.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

// Appends `value` as a JSON string, as nlohmann's dump writes it (bad UTF-8 replaced by U+FFFD).
void AppendJsonString(std::string* out, std::string_view value);

// One JSON value built as text, laid out as nlohmann's dump(2) lays it out `depth` levels down,
// without a document: what a report writes for each of a million findings. `key` is empty for an
// element of an array and for the value itself.
class JsonText {
 public:
  // A finding's text is a few hundred bytes: room for it up front spares the string's regrowth.
  explicit JsonText(size_t depth) : depth_(depth) { out_.reserve(512); }
  JsonText& Open(std::string_view key, char bracket);
  JsonText& Close();
  JsonText& String(std::string_view key, std::string_view value);
  JsonText& Int(std::string_view key, std::int64_t value);
  JsonText& Bool(std::string_view key, bool value);
  JsonText& Null(std::string_view key);
  const std::string& text() const { return out_; }

 private:
  // The separator, indentation and key before a member or element.
  void Prefix(std::string_view key);

  struct Level {
    char close;
    bool first;  // nothing written inside yet
  };
  std::string out_;
  size_t depth_;
  std::vector<Level> levels_;
};

// Containers are opened and closed by hand and indented by depth; each member or element is a
// small value dumped on a line of its own, or, `pretty`, spread over lines as nlohmann's dump(2)
// spreads it, so the document reads byte for byte as one dumped whole. Text that is not UTF-8 has
// its bad bytes replaced by U+FFFD rather than throwing.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out, bool pretty = false) : out_(out), pretty_(pretty) {}

  // Opens an object ('{') or array ('['); `key` is empty for the document itself and for an
  // element of an array.
  void Open(std::string_view key, char bracket);

  // An array written only once it gets an element, so an empty one leaves no trace (OSCAL, for
  // one, allows no empty array).
  void OpenLazyArray(std::string_view key);

  // Closes the innermost container; the document's own close ends with a newline.
  void Close();

  void Member(std::string_view key, const nlohmann::ordered_json& value);
  void Element(const nlohmann::ordered_json& value) { Member("", value); }
  // A value built for this depth (JsonText(depth())).
  void Element(const JsonText& value);
  size_t depth() const { return levels_.size(); }

 private:
  struct Level {
    char close;
    bool first;    // nothing written inside yet
    bool pending;  // a lazy array not yet written
    std::string key;
  };

  std::string Indent() const { return std::string(2 * levels_.size(), ' '); }
  // The separator, indentation and key before a member or element.
  void Prefix(std::string_view key);

  std::ostream& out_;
  bool pretty_;
  std::vector<Level> levels_;
};

}  // namespace kubeproof
