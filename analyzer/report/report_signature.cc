#include "analyzer/report/report_signature.h"

#include <nlohmann/json.hpp>

#include "analyzer/documents/json_document.h"
#include "common/base64.h"
#include "common/key_files.h"

namespace kubeproof {
namespace {

constexpr std::string_view kFormat = "kubeproof-report-signature";
constexpr int kFormatVersion = 1;
// What is signed: this line, then the statement as compact JSON with its keys sorted.
constexpr std::string_view kSignedPrefix = "kubeproof report signature v1\n";

nlohmann::json StatementJson(const ReportStatement& s) {
  return {{"report", s.report},
          {"report_sha256", s.report_sha256},
          {"kubeproof_version", s.kubeproof_version},
          {"benchmarks", s.benchmarks},
          {"bundles", s.bundles},
          {"signed_at", s.signed_at}};
}

// nlohmann::json keeps object keys sorted, so the same statement always gives the same bytes.
std::string SignedMessage(const ReportStatement& s) {
  return std::string(kSignedPrefix) + StatementJson(s).dump();
}

Result<ReportStatement> StatementFrom(const nlohmann::json& j) {
  const Status bad = Status::Corrupt("statement: fields missing, unknown or of the wrong type");
  if (!j.is_object() || j.size() != 6) return bad;
  ReportStatement s;
  for (auto [name, target] :
       {std::pair{"report", &s.report}, std::pair{"report_sha256", &s.report_sha256},
        std::pair{"kubeproof_version", &s.kubeproof_version},
        std::pair{"signed_at", &s.signed_at}}) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return bad;
    *target = it->get<std::string>();
  }
  for (auto [name, target] :
       {std::pair{"benchmarks", &s.benchmarks}, std::pair{"bundles", &s.bundles}}) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_array()) return bad;
    for (const auto& item : *it) {
      if (!item.is_string()) return bad;
      target->push_back(item.get<std::string>());
    }
  }
  return s;
}

}  // namespace

std::string FormatReportSignature(const ReportStatement& statement, const SigningKey& key) {
  nlohmann::json doc = {
      {"format", kFormat},
      {"format_version", kFormatVersion},
      {"statement", StatementJson(statement)},
      {"algorithm", "ed25519"},
      {"public_key", FormatOpenSshPublicKey(key.public_key(), "")},
      {"fingerprint", Fingerprint(key.public_key())},
      {"signature", Base64Encode(key.Sign(SignedMessage(statement)))},
  };
  return doc.dump(2) + "\n";
}

Result<SignedReportStatement> ReadReportSignature(std::string_view text) {
  DocumentLimits limits;  // a statement names every bundle: room for a fleet's
  limits.max_bytes = 64 << 20;
  limits.max_nodes = 4'000'000;
  auto parsed = ParseJsonDocument(text, limits);
  if (!parsed.ok()) return parsed.status();
  auto fields = ReadSignatureFields(*parsed, kFormat, kFormatVersion);
  if (!fields.ok()) return fields.status();
  auto statement_json = parsed->find("statement");
  if (statement_json == parsed->end()) return Status::Corrupt("statement missing");
  auto statement = StatementFrom(*statement_json);
  if (!statement.ok()) return statement.status();
  if (!VerifySignature(fields->signer.key, SignedMessage(*statement), fields->signature)) {
    return Status::Corrupt("the signature does not match the statement (changed after signing)");
  }
  return SignedReportStatement{std::move(*statement), std::move(fields->signer)};
}

}  // namespace kubeproof
