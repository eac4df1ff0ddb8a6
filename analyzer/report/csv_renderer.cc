#include "analyzer/report/csv_renderer.h"

#include <map>

namespace kubeproof {

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string RenderCsv(const Comparison& c) {
  std::map<std::string, const CheckInfo*> checks;
  for (const auto& check : c.checks) checks[check.check.id] = &check.check;
  std::string out =
      "benchmark,cluster,node,check_id,section,title,scored,status,expected,actual,source,reason,"
      "waiver_justification,waiver_approved_by,waiver_expires,bundle_sha256,signed_by,signer_trusted\n";
  std::map<std::int64_t, const NodeInfo*> bundles;
  for (const NodeInfo& b : c.bundles) bundles[b.bundle_id] = &b;
  for (const auto& f : c.findings) {
    auto bundle = bundles.find(f.bundle_id);
    const NodeInfo* b = bundle == bundles.end() ? nullptr : bundle->second;
    auto it = checks.find(f.check_id);
    std::vector<std::string> fields = {c.benchmark, f.cluster, f.node, f.check_id, f.section,
                                       it == checks.end() ? "" : it->second->title,
                                       it == checks.end() || it->second->scored ? "1" : "0",
                                       std::string(CheckStatusName(f.status)), f.expected, f.actual, f.source, f.reason,
                                       f.waiver ? f.waiver->justification : "", f.waiver ? f.waiver->approved_by : "",
                                       f.waiver ? f.waiver->expires : "",
                                       b != nullptr ? b->sha256 : "", b != nullptr ? b->signer : "",
                                       b == nullptr || b->signer.empty() ? "" : b->signer_trusted ? "1" : "0"};
    for (size_t i = 0; i < fields.size(); ++i) out += (i == 0 ? "" : ",") + CsvField(fields[i]);
    out += "\n";
  }
  return out;
}

}  // namespace kubeproof
