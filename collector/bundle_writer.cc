#include "collector/bundle_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "common/base64.h"
#include "common/bundle_layout.h"
#include "common/key_files.h"
#include "common/member_name.h"
#include "common/sha256.h"
#include "common/sha256sums.h"

namespace kubeproof {
namespace {

la_ssize_t AppendToString(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Status AddEntry(struct archive* archive, const std::string& name, const std::string& content,
                std::time_t mtime) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                      archive_entry_free);
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  archive_entry_set_mtime(entry.get(), mtime, 0);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
  if (archive_write_header(archive, entry.get()) != ARCHIVE_OK ||
      archive_write_data(archive, content.data(), content.size()) !=
          static_cast<la_ssize_t>(content.size())) {
    return Status::IoError("writing member " + name + ": " + archive_error_string(archive));
  }
  return Status::Ok();
}

// FORMAT.md, "SHA256SUMS.sig".
std::string SignatureMember(const SigningKey& signer, const std::string& sums) {
  const std::string message = std::string(bundle::kSignedMessagePrefix) + sums;
  nlohmann::json signature = {
      {"format", bundle::kSignatureFormatName},
      {"format_version", bundle::kSignatureFormatVersion},
      {"algorithm", "ed25519"},
      {"public_key", FormatOpenSshPublicKey(signer.public_key(), "")},
      {"fingerprint", Fingerprint(signer.public_key())},
      {"signature", Base64Encode(signer.Sign(message))},
  };
  return signature.dump(2) + "\n";
}

}  // namespace

Status BundleWriter::Add(const std::string& name, std::string content) {
  if (!IsValidMemberName(name)) return Status::InvalidArgument("invalid member name: " + name);
  if (name == bundle::kSumsMember || name == bundle::kManifestMember || name == bundle::kSignatureMember ||
      !members_.emplace(name, std::move(content)).second) {
    return Status::InvalidArgument("duplicate member name: " + name);
  }
  return Status::Ok();
}

Result<std::string> BundleWriter::Finish(nlohmann::json manifest, std::time_t mtime, const SigningKey* signer) const {
  DigestMap digests;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& [name, content] : members_) {
    std::string digest = Sha256Hex(content);
    listed.push_back({{"path", name}, {"size", content.size()}, {"sha256", digest}});
    digests.emplace(name, std::move(digest));
  }
  manifest["members"] = std::move(listed);
  // Node paths are not always UTF-8; replacing bad bytes beats failing the whole bundle.
  std::string manifest_text =
      manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  digests.emplace(bundle::kManifestMember, Sha256Hex(manifest_text));
  std::string sums = FormatSha256Sums(digests);

  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> archive(archive_write_new(),
                                                                         archive_write_free);
  if (archive_write_set_format_pax_restricted(archive.get()) != ARCHIVE_OK ||
      archive_write_add_filter_gzip(archive.get()) != ARCHIVE_OK ||
      // No gzip timestamp or name: the same evidence gives the same bytes.
      archive_write_set_filter_option(archive.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK ||
      // The compressed stream ends the file: no block padding a reader would take for appended data.
      archive_write_set_bytes_in_last_block(archive.get(), 1) != ARCHIVE_OK ||
      archive_write_open2(archive.get(), &out, nullptr, AppendToString, nullptr, nullptr) !=
          ARCHIVE_OK) {
    return Status::IoError(std::string("starting archive: ") + archive_error_string(archive.get()));
  }
  Status s = AddEntry(archive.get(), std::string(bundle::kSumsMember), sums, mtime);
  if (s.ok() && signer != nullptr) s = AddEntry(archive.get(), std::string(bundle::kSignatureMember), SignatureMember(*signer, sums), mtime);
  if (s.ok()) s = AddEntry(archive.get(), std::string(bundle::kManifestMember), manifest_text, mtime);
  for (auto it = members_.begin(); s.ok() && it != members_.end(); ++it) {
    s = AddEntry(archive.get(), it->first, it->second, mtime);
  }
  if (!s.ok()) return s;
  if (archive_write_close(archive.get()) != ARCHIVE_OK) {
    return Status::IoError(std::string("closing archive: ") + archive_error_string(archive.get()));
  }
  return out;
}

}  // namespace kubeproof
