#include "common/redaction.h"

namespace kubeproof {

std::string_view RedactionReasonText(RedactionReason reason) {
  switch (reason) {
    case RedactionReason::kNotSafeListed: return "not on the safe list";
    case RedactionReason::kUrlCredentials: return "credentials in a URL";
    case RedactionReason::kUnplaceable: return "word not placeable as a flag";
    case RedactionReason::kComment: return "comment dropped";
    case RedactionReason::kComplexKey: return "non-scalar mapping key";
  }
  return "redacted";
}

void RedactionLog::Note(std::string field, RedactionReason reason) {
  if (seen_.count({field, reason}) != 0) return;
  if (entries_.size() >= kMaxEntries) {
    ++dropped_;
    return;
  }
  seen_.insert({field, reason});
  entries_.push_back({std::move(field), reason});
}

}  // namespace kubeproof
