#include "analyzer/bundle/bundle_verifier.h"

#include <cstdint>
#include <set>

#include "analyzer/documents/json_document.h"
#include "common/bundle_layout.h"
#include "common/member_name.h"
#include "common/sha256.h"
#include "common/sha256sums.h"

namespace kubeproof {
namespace {

Result<nlohmann::json> ParseManifest(const std::string& text) {
  auto parsed = ParseJsonDocument(text, BundleJsonLimits());
  if (!parsed.ok()) return parsed.status().WithContext("manifest.json");
  nlohmann::json manifest = std::move(*parsed);
  if (!manifest.is_object()) return Status::Corrupt("manifest.json: not a JSON object");
  auto format = manifest.find("format");
  if (format == manifest.end() || *format != bundle::kFormatName) {
    return Status::Corrupt("manifest.json: not a kubeproof bundle (format field)");
  }
  auto version = manifest.find("format_version");
  if (version == manifest.end() || !version->is_number_integer()) {
    return Status::Corrupt("manifest.json: format_version missing or not an integer");
  }
  if (*version != bundle::kFormatVersion) {
    return Status::Unsupported("format version " + version->dump() + " is not supported (this kubeproof reads version " +
                               std::to_string(bundle::kFormatVersion) + ")");
  }
  return manifest;
}

// The manifest's member list must say exactly what SHA256SUMS says, sizes included.
Status CheckManifestMembers(const nlohmann::json& manifest, const DigestMap& sums,
                            const std::map<std::string, std::string>& members) {
  auto listed = manifest.find("members");
  if (listed == manifest.end() || !listed->is_array()) return Status::Corrupt("manifest.json: members missing");
  std::set<std::string> seen;
  for (const auto& m : *listed) {
    if (!m.is_object() || !m.contains("path") || !m["path"].is_string() || !m.contains("sha256") ||
        !m["sha256"].is_string() || !m.contains("size") || !m["size"].is_number_unsigned()) {
      return Status::Corrupt("manifest.json: malformed members entry");
    }
    std::string path = m["path"];
    auto sum = sums.find(path);
    if (sum == sums.end() || path == bundle::kManifestMember) {
      return Status::Corrupt("manifest.json lists " + DisplayName(path) + ", SHA256SUMS does not");
    }
    if (sum->second != m["sha256"].get<std::string>() || members.at(path).size() != m["size"].get<uint64_t>()) {
      return Status::Corrupt("manifest.json disagrees with SHA256SUMS about " + DisplayName(path));
    }
    // A repeated entry must not stand in for a member the manifest leaves out.
    if (!seen.insert(path).second) return Status::Corrupt("manifest.json lists " + DisplayName(path) + " twice");
  }
  for (const auto& [name, digest] : sums) {
    if (name != bundle::kManifestMember && seen.count(name) == 0) {
      return Status::Corrupt("SHA256SUMS lists " + DisplayName(name) + ", manifest.json does not");
    }
  }
  return Status::Ok();
}

}  // namespace

DocumentLimits BundleJsonLimits() {
  DocumentLimits limits;
  limits.max_bytes = SIZE_MAX;
  limits.max_nodes = SIZE_MAX;
  return limits;
}

Result<VerifiedBundle> VerifyBundle(ArchiveContents contents) {
  auto& members = contents.members;
  auto sums_it = members.find(std::string(bundle::kSumsMember));
  if (sums_it == members.end()) return Status::Corrupt("SHA256SUMS missing");
  auto sums = ParseSha256Sums(sums_it->second);
  if (!sums.ok()) return sums.status();
  const std::string sums_text = std::move(sums_it->second);
  members.erase(sums_it);
  std::optional<std::string> signature;
  if (auto sig = members.find(std::string(bundle::kSignatureMember)); sig != members.end()) {
    signature = std::move(sig->second);
    members.erase(sig);
  }
  for (const auto& [name, digest] : *sums) {
    auto member = members.find(name);
    if (member == members.end()) return Status::Corrupt("member " + DisplayName(name) + ": listed in SHA256SUMS but missing");
    if (Sha256Hex(member->second) != digest) return Status::Corrupt("member " + DisplayName(name) + ": SHA-256 mismatch");
  }
  for (const auto& [name, data] : members) {
    if (sums->count(name) == 0) return Status::Corrupt("member " + DisplayName(name) + ": not listed in SHA256SUMS");
  }
  auto manifest_it = members.find(std::string(bundle::kManifestMember));
  if (manifest_it == members.end()) return Status::Corrupt("manifest.json missing");
  auto manifest = ParseManifest(manifest_it->second);
  if (!manifest.ok()) return manifest.status();
  members.erase(manifest_it);
  if (Status s = CheckManifestMembers(*manifest, *sums, members); !s.ok()) return s;
  auto signer = CheckBundleSignature(signature, sums_text, *manifest);
  if (!signer.ok()) return signer.status();
  return VerifiedBundle{std::move(contents.sha256), std::move(*manifest), std::move(members), std::move(*signer)};
}

Result<VerifiedBundle> ReadVerifiedBundle(const std::filesystem::path& path, const ArchiveLimits& limits) {
  auto contents = ReadArchive(path, limits);
  if (!contents.ok()) return contents.status();
  return VerifyBundle(std::move(*contents));
}

}  // namespace kubeproof
