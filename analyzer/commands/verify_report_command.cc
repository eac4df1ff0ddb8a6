#include <iostream>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/report_signing.h"
#include "analyzer/commands/trust_options.h"
#include "analyzer/documents/rule_files.h"
#include "analyzer/report/report_signature.h"

namespace kubeproof {
namespace {

constexpr std::string_view kName = "verify-report";
constexpr std::size_t kMaxSignatureBytes = 64 << 20;

}  // namespace

int RunVerifyReport(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {
      {"signature", true, false, "the signature file (default: REPORT.sig)", "FILE"},
      {"trust", true, true,
       "public keys trusted to sign reports: a file of ssh-ed25519 lines or PEM public keys, or a "
       "directory of such files",
       "FILE|DIR"},
      {"help", false, false, "show this help"},
  };
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail(kName, args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout
        << "usage: kubeproof verify-report [--trust FILE|DIR] [--signature FILE] REPORT\n\n"
           "Checks a report against the signature 'kubeproof report --sign-key' wrote beside it:\n"
           "the signature over the statement, and the report's SHA-256 against the one stated.\n"
           "Prints who signed it, when, with which kubeproof, and the benchmarks and bundles it\n"
           "rests on. With --trust the key must be one of those named. Exit 0 when the report\n"
           "verifies, 1 when it does not, 2 for a bad command line, 3 when a file cannot be "
           "read.\n\nflags:\n"
        << FlagHelp(specs);
    return kExitOk;
  }
  if (args->positional().size() != 1) return Fail(kName, "give one REPORT", kExitUsage);
  const std::string report = args->positional()[0];
  const std::string signature_path = args->Get("signature").value_or(report + ".sig");
  std::optional<TrustStore> trusted;
  if (args->Has("trust")) {
    auto store = TrustStore::Load(args->GetAll("trust"));
    if (!store.ok()) return Fail(kName, "--trust " + store.status().message(), kExitUsage);
    trusted = std::move(*store);
  }
  auto text = ReadWholeFile(signature_path, kMaxSignatureBytes);
  if (!text.ok()) {
    return Fail(kName, text.status().message(),
                text.status().code() == Status::Code::kLimit ? kExitRejected : kExitError);
  }
  auto digest = FileSha256(report);
  if (!digest.ok()) return Fail(kName, digest.status().message(), kExitError);
  auto refused = [&](const std::string& why) {
    std::cout << report << ": REFUSED: " << why << "\n";
    return kExitRejected;
  };
  auto checked = ReadReportSignature(*text);
  if (!checked.ok()) return refused(signature_path + ": " + checked.status().message());
  const ReportStatement& statement = checked->statement;
  if (statement.report_sha256 != *digest) {
    return refused(
        "its SHA-256 " + *digest + " is not the signed " + statement.report_sha256 +
        " (the report was changed after signing, or the signature belongs to another report)");
  }
  const std::string& fingerprint = checked->signer.fingerprint;
  if (trusted && !trusted->Trusts(fingerprint)) {
    return refused("signed by " + fingerprint + ", which is not among the trusted keys (--trust)");
  }
  std::string benchmarks;
  for (const auto& id : statement.benchmarks) benchmarks += (benchmarks.empty() ? "" : ", ") + id;
  std::cout << report << ": OK (signed by " << fingerprint
            << (trusted ? ", trusted" : ", no --trust given") << ")\n"
            << "  signed at " << statement.signed_at << " as " << statement.report
            << " by kubeproof " << statement.kubeproof_version << "\n"
            << "  benchmarks: " << (benchmarks.empty() ? "none" : benchmarks) << "\n"
            << "  rests on " << statement.bundles.size() << " bundle(s):\n";
  for (const auto& sha : statement.bundles) std::cout << "    " << sha << "\n";
  return kExitOk;
}

}  // namespace kubeproof
