// Redaction records: what was withheld from evidence, where, and why. Both programs write them.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubeproof {

// The marker that replaces a withheld value; the flag name or key before it is kept.
inline constexpr std::string_view kRedactedValue = "<redacted>";

enum class RedactionReason {
  kNotSafeListed,   // the setting is not on the safe list
  kUrlCredentials,  // a URL with user-info (scheme://user:pass@host)
  kUnplaceable,     // a command-line word the parser cannot place as a flag or a safe value
  kComment,         // comments are dropped: they are free text
  kComplexKey,      // a YAML mapping key that is not a scalar cannot be matched to a setting
};

std::string_view RedactionReasonText(RedactionReason reason);

struct RedactedField {
  std::string field;  // the flag (with dashes), key path or variable whose value was withheld
  RedactionReason reason;
};

// The redactions of one piece of evidence, each (field, reason) once: a sequence of 10,000
// withheld items is one record, and a hostile file cannot grow the list without bound.
class RedactionLog {
 public:
  static constexpr std::size_t kMaxEntries = 1000;

  void Note(std::string field, RedactionReason reason);
  const std::vector<RedactedField>& entries() const { return entries_; }
  bool empty() const { return entries_.empty() && dropped_ == 0; }
  // Records past kMaxEntries, counted but not kept.
  std::size_t dropped() const { return dropped_; }

 private:
  std::vector<RedactedField> entries_;
  std::set<std::pair<std::string, RedactionReason>> seen_;
  std::size_t dropped_ = 0;
};

}  // namespace kubeproof
