// kubeproof-collect: collects one node's evidence bundle. Exit codes are listed in kUsage.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "collector/collector.h"
#include "collector/output_file.h"
#include "common/key_files.h"

namespace {

using kubeproof::CollectOptions;

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitUsage = 2;
constexpr int kExitOutput = 3;
constexpr int kExitUnreadable = 4;
constexpr int kExitSigningKey = 5;

constexpr std::string_view kUsage = R"(usage: kubeproof-collect -o FILE|- [options]

Collects the CIS Kubernetes Benchmark evidence of this node into one bundle (a .tar.gz with
SHA256SUMS). Reads only; never runs another program, never uses the network; secrets are
redacted or recorded by stat only.

options:
  -o, --output FILE|-     where to write the bundle; "-" writes it to standard output
  --root DIR              the node's filesystem root (default /; in a pod, e.g. /host)
  --proc DIR              the node's /proc (default <root>/proc)
  --node-name NAME        node name for the manifest (default: <root>/etc/hostname)
  --cluster NAME          cluster name for the manifest
  --max-file-bytes N      per-file cap; larger files are recorded by stat only (default 1048576)
  --max-total-bytes N     cap on all copied content (default 67108864)
  --time-limit DURATION   stop collecting after this long, e.g. 10s or 500ms (default 10s)
  --sign-key FILE         sign the bundle with this Ed25519 private key (PEM or OpenSSH format,
                          unencrypted, readable only by its owner; `kubeproof keygen` makes one)
  -h, --help              this text
  --version               the collector's version

exit codes:
  0  bundle written (problems met while collecting are listed in its manifest)
  1  internal error
  2  usage error
  3  the output could not be written (nothing is left behind)
  4  the root or proc directory could not be read
  5  the signing key could not be read or used (nothing is written)
)";

bool ParseSize(std::string_view text, std::size_t* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && *out > 0;
}

bool ParseDuration(std::string_view text, std::int64_t* ms) {
  std::int64_t scale = 1000;
  if (text.size() > 2 && text.substr(text.size() - 2) == "ms") {
    scale = 1;
    text.remove_suffix(2);
  } else if (text.size() > 1 && text.back() == 's') {
    text.remove_suffix(1);
  }
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return false;
  *ms = value * scale;
  return true;
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "kubeproof-collect: %s (see --help)\n", message.c_str());
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CollectOptions options;
  std::string output;
  std::optional<std::string> sign_key_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::printf("kubeproof-collect %s\n", KUBEPROOF_VERSION);
      return kExitOk;
    }
    std::string name = arg;
    std::string value;
    bool inline_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    constexpr std::string_view kValued[] = {"-o", "--output", "--root", "--proc", "--node-name",
                                            "--cluster", "--max-file-bytes", "--max-total-bytes",
                                            "--time-limit", "--sign-key"};
    bool known = false;
    for (std::string_view v : kValued) known = known || name == v;
    if (!known) return UsageError("unknown option " + name);
    if (!inline_value) {
      if (i + 1 >= argc) return UsageError("option " + name + " needs a value");
      value = argv[++i];
    }
    if (name == "-o" || name == "--output") {
      output = value;
    } else if (name == "--root") {
      options.root = value;
    } else if (name == "--proc") {
      options.proc = value;
    } else if (name == "--node-name") {
      options.node_name = value;
    } else if (name == "--cluster") {
      options.cluster = value;
    } else if (name == "--max-file-bytes") {
      if (!ParseSize(value, &options.max_file_bytes)) return UsageError("bad --max-file-bytes " + value);
    } else if (name == "--max-total-bytes") {
      if (!ParseSize(value, &options.max_total_bytes)) return UsageError("bad --max-total-bytes " + value);
    } else if (name == "--time-limit") {
      if (!ParseDuration(value, &options.time_limit_ms)) return UsageError("bad --time-limit " + value);
    } else if (name == "--sign-key") {
      sign_key_path = value;
    }
  }
  if (output.empty()) return UsageError("missing -o FILE (or -o - for standard output)");
  if (options.root.empty()) return UsageError("--root is empty");

  std::optional<kubeproof::SigningKey> signing_key;
  if (sign_key_path) {
    kubeproof::Result<kubeproof::SigningKey> key = kubeproof::ReadPrivateKeyFile(*sign_key_path);
    if (!key.ok()) {
      std::fprintf(stderr, "kubeproof-collect: --sign-key %s\n", key.status().message().c_str());
      return kExitSigningKey;
    }
    signing_key = std::move(key).value();
    options.signing_key = &*signing_key;
  }

  // Fail on an unwritable destination before spending any time collecting.
  kubeproof::Result<kubeproof::OutputFile> out = kubeproof::OutputFile::Prepare(output);
  if (!out.ok()) {
    std::fprintf(stderr, "kubeproof-collect: %s\n", out.status().message().c_str());
    return kExitOutput;
  }
  kubeproof::Result<kubeproof::CollectedBundle> bundle = kubeproof::Collect(options);
  if (!bundle.ok()) {
    std::fprintf(stderr, "kubeproof-collect: %s\n", bundle.status().message().c_str());
    return bundle.status().code() == kubeproof::Status::Code::kIoError ? kExitUnreadable
                                                                       : kExitInternal;
  }
  if (kubeproof::Status s = out->Commit(bundle->bytes); !s.ok()) {
    std::fprintf(stderr, "kubeproof-collect: writing the bundle: %s\n", s.message().c_str());
    return kExitOutput;
  }
  const kubeproof::CollectSummary& sum = bundle->summary;
  const std::string signed_by =
      signing_key ? ", signed by " + kubeproof::Fingerprint(signing_key->public_key()) : std::string();
  std::string components;
  for (const std::string& c : sum.components) components += (components.empty() ? "" : ",") + c;
  std::fprintf(stderr,
               "kubeproof-collect: %zu components (%s), process view %s, %zu files examined, "
               "%zu copied, %zu redactions, %zu problems -> %s%s\n",
               sum.components.size(), components.empty() ? "none" : components.c_str(),
               sum.process_view_full ? "full" : "limited", sum.files_examined, sum.files_copied,
               sum.redactions, sum.problems, output == "-" ? "stdout" : output.c_str(), signed_by.c_str());
  return kExitOk;
}
