// JUnit renderer: one testsuite per node, one testcase per (node, check); FAIL is a failure,
// UNVERIFIABLE and MANUAL are skipped, so CI systems show them as such.
#pragma once

#include <string>

#include "analyzer/report/comparison.h"

namespace kubeproof {

std::string RenderJunit(const Comparison& comparison);

// Text escaped for XML; bytes XML 1.0 forbids are dropped.
std::string XmlEscape(const std::string& text);

}  // namespace kubeproof
