// A report's detached signature (REPORT.sig, schema/REPORT.md): a small statement of what the
// report is and rests on, signed with Ed25519.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/bundle/bundle_signature.h"
#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

struct ReportStatement {
  std::string report;         // the report's file name when signed
  std::string report_sha256;  // of the report file, lowercase hex
  std::string kubeproof_version;
  std::vector<std::string> benchmarks;  // ids the report shows
  std::vector<std::string> bundles;     // SHA-256 of every bundle it rests on, sorted
  std::string signed_at;                // UTC, RFC 3339
};

// The .sig file's text: the statement, the signer's public key and the signature.
std::string FormatReportSignature(const ReportStatement& statement, const SigningKey& key);

struct SignedReportStatement {
  ReportStatement statement;
  BundleSigner signer;
};

// Parses a .sig file and checks its signature over the statement. Refuses a statement with
// fields missing, of the wrong type or unknown, and a signature that does not verify.
Result<SignedReportStatement> ReadReportSignature(std::string_view text);

}  // namespace kubeproof
