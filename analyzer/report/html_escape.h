// HTML escaping: any evidence value becomes inert text in an element or a quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace kubeproof {

// Escapes & < > " ' and replaces what HTML forbids in text (control characters other than tab
// and line breaks, invalid UTF-8, noncharacters) with U+FFFD, so the document stays valid.
std::string HtmlEscape(std::string_view text);

// An id or data value built from a name: characters other than [A-Za-z0-9._-] become '_'.
std::string HtmlToken(std::string_view text);

}  // namespace kubeproof
