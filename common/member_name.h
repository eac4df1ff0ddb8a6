// Bundle member names: the rules FORMAT.md sets, checked by the writer and by every reader.
#pragma once

#include <string>
#include <string_view>

namespace kubeproof {

inline constexpr size_t kMaxMemberNameBytes = 1024;
inline constexpr int kMaxMemberNameComponents = 64;

// True when `name` is relative, made of allowed characters, free of empty, "." and ".."
// components, and within the length and depth limits.
bool IsValidMemberName(std::string_view name);

// Why `name` breaks those rules ("absolute path", "'..' component", ...); empty when it does not.
std::string_view MemberNameProblem(std::string_view name);

// A member name made safe to print on one line: control and non-ASCII bytes escaped as \xNN,
// cut to 120 characters.
std::string DisplayName(std::string_view name);

}  // namespace kubeproof
