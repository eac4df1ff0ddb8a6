#include "analyzer/report/terminal.h"

#include <cstdlib>
#include <string>

namespace kubeproof {

bool LocaleIsUtf8(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* value : {lc_all, lc_ctype, lang}) {
    if (value == nullptr || *value == '\0') continue;
    std::string v;
    for (const char* p = value; *p != '\0'; ++p) {
      if (*p != '-') v += static_cast<char>(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    }
    return v.find("utf8") != std::string::npos;
  }
  return false;
}

bool EnvironmentIsUtf8() {
  return LocaleIsUtf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
}

bool ColorWanted(bool is_terminal, const char* no_color) {
  return is_terminal && (no_color == nullptr || *no_color == '\0');
}

}  // namespace kubeproof
