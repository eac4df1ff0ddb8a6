#include "common/unit_directories.h"

#include <array>

namespace kubeproof {
namespace {

// systemd's own order for a system instance (systemd.unit(5), "Unit File Load Path"), leaving
// out the transient, generator and control directories that hold no hand-written units.
constexpr std::array<std::string_view, 5> kUnitDirectories = {
    "/etc/systemd/system",     "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system", "/lib/systemd/system",
};

}  // namespace

std::span<const std::string_view> SystemdUnitDirectories() { return kUnitDirectories; }

}  // namespace kubeproof
