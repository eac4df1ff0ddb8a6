// Verifies a bundle's integrity: SHA256SUMS against every member, the manifest against
// SHA256SUMS, the format version, and the signature when there is one (or the manifest says
// there was). Nothing is trusted before this passes.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/bundle/archive_reader.h"
#include "analyzer/bundle/bundle_signature.h"
#include "analyzer/documents/document_limits.h"
#include "common/status.h"

namespace kubeproof {

struct VerifiedBundle {
  std::string sha256;       // of the archive file
  nlohmann::json manifest;  // parsed manifest.json, format and version checked
  std::map<std::string, std::string> members;  // every member but SHA256SUMS, its signature and manifest.json
  std::optional<BundleSigner> signer;          // set when SHA256SUMS.sig verified; trust is checked apart
};

Result<VerifiedBundle> VerifyBundle(ArchiveContents contents);

// Bounds for a bundle's JSON members: only nesting, as ArchiveLimits already bounds their size.
DocumentLimits BundleJsonLimits();

// ReadArchive followed by VerifyBundle.
Result<VerifiedBundle> ReadVerifiedBundle(const std::filesystem::path& path, const ArchiveLimits& limits);

}  // namespace kubeproof
