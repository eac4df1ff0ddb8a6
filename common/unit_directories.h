// The systemd system unit search path, highest precedence first: which directories the collector
// reads and, in the analyzer, which same-named unit or drop-in wins. One list for both programs.
#pragma once

#include <span>
#include <string_view>

namespace kubeproof {

// /etc/systemd/system, /run/systemd/system, /usr/local/lib/systemd/system,
// /usr/lib/systemd/system, /lib/systemd/system (the last two are one directory on merged-/usr).
std::span<const std::string_view> SystemdUnitDirectories();

}  // namespace kubeproof
