#include "analyzer/commands/report_signing.h"

#include <algorithm>
#include <fstream>

#include "analyzer/commands/output_file.h"
#include "analyzer/report/report_signature.h"
#include "common/sha256.h"

namespace kubeproof {

Result<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  Sha256 hasher;
  std::string block(1 << 16, '\0');
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
    hasher.Update(std::string_view(block.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) return Status::IoError("cannot read " + path);
  return hasher.HexDigest();
}

Status SignReportFile(const std::string& report_path, const SigningKey& key, Database* db,
                      const ReportFilter& scope, const std::optional<std::string>& benchmark,
                      const std::string& signed_at) {
  ReportStatement statement;
  statement.report = std::filesystem::path(report_path).filename().string();
  statement.kubeproof_version = KUBEPROOF_VERSION;
  statement.signed_at = signed_at;
  auto digest = FileSha256(report_path);
  if (!digest.ok()) return digest.status();
  statement.report_sha256 = std::move(*digest);
  auto benchmarks = BenchmarksToReport(db, scope, benchmark);
  if (!benchmarks.ok()) return benchmarks.status();
  statement.benchmarks = *benchmarks;
  for (const std::string& id : *benchmarks) {
    ReportFilter filter = scope;
    filter.benchmark = id;
    auto frame = LoadReportFrame(db, filter);
    if (!frame.ok()) return frame.status();
    for (const NodeInfo& node : frame->nodes) statement.bundles.push_back(node.sha256);
  }
  std::sort(statement.bundles.begin(), statement.bundles.end());
  statement.bundles.erase(std::unique(statement.bundles.begin(), statement.bundles.end()),
                          statement.bundles.end());
  const std::string text = FormatReportSignature(statement, key);
  return WriteFileAtomically(report_path + ".sig", [&](std::ostream& out) {
    out << text;
    return Status::Ok();
  });
}

}  // namespace kubeproof
