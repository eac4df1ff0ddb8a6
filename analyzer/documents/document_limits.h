// DocumentLimits: the bounds a parser of untrusted text (waiver, rule and bundle files) checks
// while it reads, so a hostile document is refused before anything is built from it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubeproof {

struct DocumentLimits {
  std::size_t max_bytes = 4 << 20;
  int max_depth = 64;              // nested collections
  std::size_t max_nodes = 200000;  // scalars and collections; an alias counts once
};

// A key as an error message shows it: quoted, control bytes escaped and cut short, so the
// message stays one line whatever the document holds.
std::string QuotedKey(std::string_view key);

}  // namespace kubeproof
