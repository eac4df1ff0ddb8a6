#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "common/sha256.h"
#include "common/sha256sums.h"
#include "tests/support/bad_bundles.h"

namespace kubeproof {
namespace {

using testing::BundleContent;
using testing::SignedEntries;
using testing::TarEntry;
using testing::WorkerBundle;

const testing::ScratchDir& Scratch() {
  static const testing::ScratchDir dir("bundle-verifier");
  return dir;
}

// Reads, verifies and parses, as `kubeproof verify` does.
Status Check(const std::string& bytes) {
  static int counter = 0;
  auto path = testing::WriteFile(Scratch() / ("bundle-" + std::to_string(counter++) + ".tar.gz"), bytes);
  auto verified = ReadVerifiedBundle(path, ArchiveLimits{});
  if (!verified.ok()) return verified.status();
  return ParseEvidence(*verified).status();
}

Status CheckEntries(const std::vector<TarEntry>& entries) { return Check(testing::Gzip(testing::TarOf(entries))); }

void RequireRefused(const Status& status, Status::Code code, const std::string& message) {
  INFO(status.message());
  REQUIRE_FALSE(status.ok());
  CHECK(status.code() == code);
  CHECK_THAT(status.message(), Catch::Contains(message));
  CHECK(status.message().find('\n') == std::string::npos);
}

TarEntry& Find(std::vector<TarEntry>& entries, const std::string& name) {
  for (auto& e : entries) {
    if (e.name == name) return e;
  }
  FAIL("no entry " << name);
  throw std::logic_error("unreachable");
}

// Rewrites one entry's content and signs SHA256SUMS and manifest.json again around it, as a
// forger with the collector's writer would.
std::string Resigned(BundleContent content) { return testing::WriteBundle(content); }

}  // namespace

TEST_CASE("bundle verifier accepts the worker fixture", "[bundle]") {
  CHECK(Check(testing::WriteBundle(WorkerBundle())).ok());
  CHECK(CheckEntries(SignedEntries(WorkerBundle())).ok());
}

TEST_CASE("bundle verifier refuses one byte flipped in a member", "[bundle]") {
  std::string tar = testing::Decompress(testing::WriteBundle(WorkerBundle()));
  auto at = tar.find("readOnlyPort: 0");
  REQUIRE(at != std::string::npos);
  tar[at + 14] = '1';
  RequireRefused(Check(testing::Gzip(tar)), Status::Code::kCorrupt,
                 "member files/var/lib/kubelet/config.yaml: SHA-256 mismatch");
}

TEST_CASE("bundle verifier refuses one byte flipped in manifest.json", "[bundle]") {
  std::string tar = testing::Decompress(testing::WriteBundle(WorkerBundle()));
  auto at = tar.find("\"worker-1\"");
  REQUIRE(at != std::string::npos);
  tar[at + 1] = 'W';
  RequireRefused(Check(testing::Gzip(tar)), Status::Code::kCorrupt, "member manifest.json: SHA-256 mismatch");
}

TEST_CASE("bundle verifier refuses one byte flipped in SHA256SUMS", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  std::string& sums = Find(entries, "SHA256SUMS").data;
  sums[0] = sums[0] == '0' ? '1' : '0';
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "SHA-256 mismatch");
  // A flipped separator makes the line unreadable.
  auto broken = SignedEntries(WorkerBundle());
  Find(broken, "SHA256SUMS").data[65] = 'x';
  RequireRefused(CheckEntries(broken), Status::Code::kCorrupt, "SHA256SUMS");
}

TEST_CASE("bundle verifier refuses a member listed but missing from the archive", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  std::erase_if(entries, [](const TarEntry& e) { return e.name == "files/etc/kubernetes/kubelet.conf"; });
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt,
                 "member files/etc/kubernetes/kubelet.conf: listed in SHA256SUMS but missing");
}

TEST_CASE("bundle verifier refuses a member extra to SHA256SUMS and the manifest", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  entries.push_back({"files/etc/extra.conf", '0', "smuggled\n", {}, std::nullopt, {}});
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "member files/etc/extra.conf: not listed in SHA256SUMS");
}

TEST_CASE("bundle verifier refuses a member missing from the manifest", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  // SHA256SUMS lists the member; the manifest (re-signed) does not.
  auto manifest = nlohmann::json::parse(Find(entries, "manifest.json").data);
  auto& members = manifest["members"];
  members.erase(std::remove_if(members.begin(), members.end(),
                               [](const nlohmann::json& m) { return m["path"] == "files/etc/kubernetes/kubelet.conf"; }),
                members.end());
  std::string manifest_text = manifest.dump(2) + "\n";
  Find(entries, "manifest.json").data = manifest_text;
  DigestMap sums = *ParseSha256Sums(Find(entries, "SHA256SUMS").data);
  sums["manifest.json"] = Sha256Hex(manifest_text);
  Find(entries, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt,
                 "SHA256SUMS lists files/etc/kubernetes/kubelet.conf, manifest.json does not");
}

TEST_CASE("bundle verifier refuses a manifest that lists one member twice and leaves another out", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  auto manifest = nlohmann::json::parse(Find(entries, "manifest.json").data);
  auto& members = manifest["members"];
  for (auto& m : members) {
    if (m["path"] == "files/etc/kubernetes/kubelet.conf") m = members[0];
  }
  std::string manifest_text = manifest.dump(2) + "\n";
  Find(entries, "manifest.json").data = manifest_text;
  DigestMap sums = *ParseSha256Sums(Find(entries, "SHA256SUMS").data);
  sums["manifest.json"] = Sha256Hex(manifest_text);
  Find(entries, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "twice");
}

TEST_CASE("bundle verifier refuses a manifest that lists a member SHA256SUMS does not", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  auto manifest = nlohmann::json::parse(Find(entries, "manifest.json").data);
  manifest["members"].push_back({{"path", "files/ghost"}, {"size", 1}, {"sha256", std::string(64, 'a')}});
  std::string manifest_text = manifest.dump(2) + "\n";
  Find(entries, "manifest.json").data = manifest_text;
  DigestMap sums = *ParseSha256Sums(Find(entries, "SHA256SUMS").data);
  sums["manifest.json"] = Sha256Hex(manifest_text);
  Find(entries, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "manifest.json lists files/ghost, SHA256SUMS does not");
}

TEST_CASE("bundle verifier refuses a manifest whose member size disagrees", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  auto manifest = nlohmann::json::parse(Find(entries, "manifest.json").data);
  manifest["members"][0]["size"] = 999999;
  std::string manifest_text = manifest.dump(2) + "\n";
  Find(entries, "manifest.json").data = manifest_text;
  DigestMap sums = *ParseSha256Sums(Find(entries, "SHA256SUMS").data);
  sums["manifest.json"] = Sha256Hex(manifest_text);
  Find(entries, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "manifest.json disagrees with SHA256SUMS about");
}

TEST_CASE("bundle verifier refuses a manifest of a newer format version", "[bundle]") {
  BundleContent content = WorkerBundle();
  content.manifest["format_version"] = 2;
  RequireRefused(Check(Resigned(content)), Status::Code::kUnsupported,
                 "format version 2 is not supported (this kubeproof reads version 1)");
  content.manifest["format_version"] = "1";
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "format_version missing or not an integer");
  content.manifest["format"] = "something-else";
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "not a kubeproof bundle");
}

TEST_CASE("bundle verifier refuses malformed manifest JSON", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  std::string bad = "{\"format\": \"kubeproof-bundle\", \"format_version\": 1,";
  Find(entries, "manifest.json").data = bad;
  DigestMap sums = *ParseSha256Sums(Find(entries, "SHA256SUMS").data);
  sums["manifest.json"] = Sha256Hex(bad);
  Find(entries, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "manifest.json: malformed JSON");
}

TEST_CASE("a manifest whose options nest a million deep is refused at the nesting limit, not crashed on", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  auto manifest = nlohmann::json::parse(Find(entries, "manifest.json").data);
  manifest["collection"]["options"]["extra"] = "DEEP";  // an object kept whole, printed when stored
  std::string deep;
  deep.append(1000000, '[');
  deep.append(1000000, ']');
  std::string text = manifest.dump();
  text.replace(text.find("\"DEEP\""), 6, deep);
  testing::ReplaceManifest(entries, nlohmann::json(text));
  RequireRefused(CheckEntries(entries), Status::Code::kLimit, "manifest.json: nesting deeper than 64 (limit)");
}

TEST_CASE("a manifest repeating a key is refused as ambiguous", "[bundle]") {
  auto entries = SignedEntries(WorkerBundle());
  std::string text = Find(entries, "manifest.json").data;
  text.insert(text.find('{') + 1, "\"format_version\": 1, ");
  testing::ReplaceManifest(entries, nlohmann::json(text));
  RequireRefused(CheckEntries(entries), Status::Code::kCorrupt, "manifest.json: key \"format_version\" repeated");
}

TEST_CASE("bundle verifier refuses a bundle without SHA256SUMS or manifest.json", "[bundle]") {
  auto no_sums = SignedEntries(WorkerBundle());
  std::erase_if(no_sums, [](const TarEntry& e) { return e.name == "SHA256SUMS"; });
  RequireRefused(CheckEntries(no_sums), Status::Code::kCorrupt, "SHA256SUMS missing");
  auto no_manifest = SignedEntries(WorkerBundle());
  std::erase_if(no_manifest, [](const TarEntry& e) { return e.name == "manifest.json"; });
  DigestMap sums = *ParseSha256Sums(Find(no_manifest, "SHA256SUMS").data);
  sums.erase("manifest.json");
  Find(no_manifest, "SHA256SUMS").data = FormatSha256Sums(sums);
  RequireRefused(CheckEntries(no_manifest), Status::Code::kCorrupt, "manifest.json missing");
}

TEST_CASE("evidence parser refuses malformed processes.json even when its checksum holds", "[bundle]") {
  BundleContent content = WorkerBundle();
  content.processes = {{"processes", {{{"pid", "not a number"}, {"component", "kubelet"}, {"argv", {"kubelet"}}}}}};
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "evidence/processes.json process: pid not an integer");
  content.processes = {{"processes", {{{"pid", 1}, {"component", "kubelet"}, {"argv", {"kubelet"}},
                                       {"redacted_args", {7}}}}}};
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "redacted_args index out of range");
}

TEST_CASE("evidence parser refuses a files.json record that points at a missing member", "[bundle]") {
  BundleContent content = WorkerBundle();
  content.files["files"][0]["content"]["member"] = "files/not/there";
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "content member files/not/there missing");
  content = WorkerBundle();
  content.files["files"][0]["path"] = "relative/path";
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "path not absolute");
  content = WorkerBundle();
  content.files["files"][1] = content.files["files"][0];
  RequireRefused(Check(Resigned(content)), Status::Code::kCorrupt, "recorded twice");
}

}  // namespace kubeproof
