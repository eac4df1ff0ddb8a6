// JUnit renderer: one testsuite per node, one testcase per (node, check); FAIL is a failure,
// UNVERIFIABLE and MANUAL are skipped, so CI systems show them as such. Written while the
// findings stream, one node's at a time.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "analyzer/report/finding_writer.h"

namespace kubeproof {

// Writes one table's suites to `out`.
std::unique_ptr<FindingWriter> JunitWriter(std::ostream& out);

// Text escaped for XML; bytes XML 1.0 forbids are dropped.
std::string XmlEscape(const std::string& text);

}  // namespace kubeproof
