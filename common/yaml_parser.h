// libyaml's event parser over a string, and an event that frees itself: the one wrapper both the
// evidence filter and the analyzer's config flattener read YAML and JSON through.
#pragma once

#include <yaml.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace kubeproof {

class YamlParser {
 public:
  explicit YamlParser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~YamlParser() { yaml_parser_delete(&parser_); }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;

  // The next event; false on a parse error (see Error).
  bool Next(yaml_event_t* event) { return yaml_parser_parse(&parser_, event) == 1; }

  // Status::Corrupt naming the problem, its line and column.
  Status Error() const {
    std::string where = " at line " + std::to_string(parser_.problem_mark.line + 1) + ", column " +
                        std::to_string(parser_.problem_mark.column + 1);
    return Status::Corrupt(std::string("not valid YAML or JSON: ") +
                           (parser_.problem != nullptr ? parser_.problem : "unknown error") + where);
  }

 private:
  yaml_parser_t parser_;
};

// Frees a libyaml event when it goes out of scope.
class YamlEvent {
 public:
  YamlEvent() = default;
  ~YamlEvent() { yaml_event_delete(&event_); }
  YamlEvent(const YamlEvent&) = delete;
  YamlEvent& operator=(const YamlEvent&) = delete;
  yaml_event_t* get() { return &event_; }
  const yaml_event_t& operator*() const { return event_; }

 private:
  yaml_event_t event_{};
};

}  // namespace kubeproof
