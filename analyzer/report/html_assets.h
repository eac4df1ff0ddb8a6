// The HTML report's stylesheet and script (analyzer/report/assets/), and the
// Content-Security-Policy that lets exactly these two run and nothing load.
#pragma once

#include <string>
#include <string_view>

namespace kubeproof {

std::string_view ReportStyle();
std::string_view ReportScript();

// default-src 'none', the style and the script allowed by their SHA-256, images only inline.
std::string ReportContentSecurityPolicy();

}  // namespace kubeproof
