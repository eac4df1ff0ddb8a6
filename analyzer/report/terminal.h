// Terminal capabilities the text report adapts to: Unicode from the locale, colour from the tty
// and NO_COLOR.
#pragma once

namespace kubeproof {

// True when the first set of LC_ALL, LC_CTYPE, LANG names a UTF-8 codeset; null means unset.
bool LocaleIsUtf8(const char* lc_all, const char* lc_ctype, const char* lang);

// The same, read from the environment.
bool EnvironmentIsUtf8();

// Colour only on a terminal, and never when NO_COLOR is set to anything non-empty.
bool ColorWanted(bool is_terminal, const char* no_color);

}  // namespace kubeproof
