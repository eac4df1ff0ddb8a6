// report --sign-key and verify-report: a report's detached signature, FILE.sig, written beside it
// and checked against it.
#pragma once

#include <optional>
#include <string>

#include "analyzer/report/report_data.h"
#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

// The SHA-256 of a file's bytes, read in blocks.
Result<std::string> FileSha256(const std::string& path);

// Signs the report just written to `report_path`: a statement naming its SHA-256, this kubeproof,
// the benchmarks and the bundles of the nodes in `scope` (the newest bundle of each), written
// atomically to report_path + ".sig". `signed_at` is UTC, RFC 3339.
Status SignReportFile(const std::string& report_path, const SigningKey& key, Database* db,
                      const ReportFilter& scope, const std::optional<std::string>& benchmark,
                      const std::string& signed_at);

}  // namespace kubeproof
