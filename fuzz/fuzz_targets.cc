#include "fuzz/fuzz_targets.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "analyzer/bundle/bundle_signature.h"
#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "analyzer/config/config_values.h"
#include "analyzer/ingest/ingester.h"
#include "analyzer/report/report_signature.h"
#include "common/key_files.h"

namespace kubeproof {
namespace {

ArchiveLimits FuzzArchiveLimits() {
  ArchiveLimits limits;
  limits.max_entries = 1000;
  limits.max_member_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  return limits;
}

ConfigLimits FuzzConfigLimits() {
  ConfigLimits limits;
  limits.max_bytes = 256 << 10;
  limits.max_nodes = 20000;
  return limits;
}

}  // namespace

void FuzzBundle(const std::uint8_t* data, std::size_t size) {
  // ReadArchive takes a path: an anonymous memory file keeps the input off the disk.
  int fd = ::memfd_create("bundle", MFD_CLOEXEC);
  if (fd < 0) std::abort();
  for (std::size_t done = 0; done < size;) {
    ssize_t n = ::write(fd, data + done, size - done);
    if (n <= 0) std::abort();
    done += static_cast<std::size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  auto verified = ReadVerifiedBundle(path, FuzzArchiveLimits());
  ::close(fd);
  if (!verified.ok()) return;
  auto evidence = ParseEvidence(*verified);
  if (!evidence.ok()) return;
  static const ComponentCatalog kNoComponents;
  (void)DeriveRows(*evidence, kNoComponents, FuzzConfigLimits());
}

void FuzzConfig(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto values = FlattenConfig(text, FuzzConfigLimits());
  if (!values.ok() && values.status().message().empty()) std::abort();  // every refusal says why
}

void FuzzSignature(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Every refusal says why.
  auto check = [](const Status& s) {
    if (!s.ok() && s.message().empty()) std::abort();
  };
  check(ParsePrivateKey(text).status());
  check(ParsePublicKeys(text).status());
  check(ReadReportSignature(text).status());
  const nlohmann::json manifest = {{"signed_by", "SHA256:LdEIqEMZ13gBwKC5q9NXW0ZEuKbNNQR2NlknNGLIAPg"}};
  check(CheckBundleSignature(std::string(text), "0000  evidence/files.json\n", manifest).status());
}

}  // namespace kubeproof
