// JsonStream: writes a JSON document a piece at a time, so a large one is never held whole.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kubeproof {

// Containers are opened and closed by hand and indented by depth; each member or element is a
// small value dumped on a line of its own. Text that is not UTF-8 has its bad bytes replaced by
// U+FFFD rather than throwing.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) {}

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
  std::vector<Level> levels_;
};

}  // namespace kubeproof
