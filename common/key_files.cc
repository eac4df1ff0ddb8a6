#include "common/key_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#include "common/base64.h"

namespace kubeproof {
namespace {

// DER prefixes of RFC 8410's Ed25519 structures; the 32 key bytes follow.
constexpr std::string_view kPkcs8Prefix{
    "\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 16};
constexpr std::string_view kSpkiPrefix{"\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12};
constexpr std::string_view kOpenSshMagic{"openssh-key-v1\0", 15};
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

// Wipes a buffer that held key material when it goes out of scope.
struct WipedString {
  std::string text;
  ~WipedString() { sodium_memzero(text.data(), text.size()); }
};

struct PemBlock {
  std::string label;
  std::string der;  // decoded body
};

// The first PEM block at or after `*from`; `*from` moves past it. nullopt when there is none,
// or when a block is malformed (then `*malformed` is set).
std::optional<PemBlock> NextPem(std::string_view text, std::size_t* from, bool* malformed) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  std::size_t begin = text.find(kBegin, *from);
  if (begin == std::string_view::npos) return std::nullopt;
  std::size_t label_end = text.find("-----", begin + kBegin.size());
  if (label_end == std::string_view::npos) return *malformed = true, std::nullopt;
  PemBlock block;
  block.label = std::string(text.substr(begin + kBegin.size(), label_end - begin - kBegin.size()));
  const std::string end_line = "-----END " + block.label + "-----";
  std::size_t body = label_end + 5;
  std::size_t end = text.find(end_line, body);
  if (end == std::string_view::npos) return *malformed = true, std::nullopt;
  auto der = Base64Decode(text.substr(body, end - body));
  if (!der) return *malformed = true, std::nullopt;
  block.der = std::move(*der);
  *from = end + end_line.size();
  return block;
}

// Reads OpenSSH's length-prefixed wire encoding.
class SshReader {
 public:
  explicit SshReader(std::string_view data) : data_(data) {}
  std::optional<std::uint32_t> U32() {
    if (data_.size() < 4) return std::nullopt;
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value = (value << 8) | static_cast<unsigned char>(data_[static_cast<std::size_t>(i)]);
    data_.remove_prefix(4);
    return value;
  }
  std::optional<std::string_view> String() {
    auto size = U32();
    if (!size || *size > data_.size()) return std::nullopt;
    std::string_view s = data_.substr(0, *size);
    data_.remove_prefix(*size);
    return s;
  }
  std::string_view rest() const { return data_; }

 private:
  std::string_view data_;
};

std::optional<PublicKey> KeyFromBlob(std::string_view blob) {
  SshReader reader(blob);
  auto type = reader.String();
  auto key = reader.String();
  if (!type || *type != "ssh-ed25519" || !key || key->size() != 32 || !reader.rest().empty())
    return std::nullopt;
  PublicKey out;
  std::memcpy(out.bytes.data(), key->data(), 32);
  return out;
}

Result<SigningKey> ParseOpenSshPrivateKey(std::string_view der) {
  const Status malformed = Status::Corrupt("malformed OpenSSH private key");
  if (der.substr(0, kOpenSshMagic.size()) != kOpenSshMagic) return malformed;
  SshReader reader(der.substr(kOpenSshMagic.size()));
  auto cipher = reader.String();
  auto kdf = reader.String();
  auto kdf_options = reader.String();
  auto count = reader.U32();
  if (!cipher || !kdf || !kdf_options || !count) return malformed;
  if (*cipher != "none")
    return Status::Unsupported("the key is encrypted with a passphrase; give an unencrypted key");
  if (*count != 1)
    return Status::Unsupported("the file holds " + std::to_string(*count) + " keys; give one");
  auto public_blob = reader.String();
  auto private_part = reader.String();
  if (!public_blob || !private_part) return malformed;
  SshReader secret(*private_part);
  auto check1 = secret.U32();
  auto check2 = secret.U32();
  auto type = secret.String();
  if (!check1 || !check2 || *check1 != *check2 || !type) return malformed;
  if (*type != "ssh-ed25519")
    return Status::Unsupported("an OpenSSH " + std::string(*type) + " key, not Ed25519");
  auto public_bytes = secret.String();
  auto secret_bytes = secret.String();
  if (!public_bytes || public_bytes->size() != 32 || !secret_bytes || secret_bytes->size() != 64)
    return malformed;
  auto key = SigningKey::FromSeed(secret_bytes->substr(0, 32));
  if (!key.ok()) return key.status();
  auto listed = KeyFromBlob(*public_blob);
  const std::string_view derived{reinterpret_cast<const char*>(key->public_key().bytes.data()), 32};
  if (!listed || !(*listed == key->public_key()) || *public_bytes != derived ||
      secret_bytes->substr(32) != derived) {
    return Status::Corrupt("OpenSSH private key whose public half does not match it");
  }
  return key;
}

Result<SigningKey> ParsePkcs8(std::string_view der) {
  if (der.size() != kPkcs8Prefix.size() + 32 ||
      der.substr(0, kPkcs8Prefix.size()) != kPkcs8Prefix) {
    return Status::Unsupported("a PKCS #8 private key that is not Ed25519");
  }
  return SigningKey::FromSeed(der.substr(kPkcs8Prefix.size()));
}

std::string WrapPem(std::string_view label, std::string_view der) {
  std::string body = Base64Encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) out += body.substr(i, 64) + "\n";
  sodium_memzero(body.data(), body.size());
  return out + "-----END " + std::string(label) + "-----\n";
}

std::string PermissionError(const std::string& path, const struct stat& st) {
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  if (st.st_uid != ::geteuid()) {
    return path + ": the key file must belong to the user signing (uid " +
           std::to_string(::geteuid()) + "), not uid " + std::to_string(st.st_uid);
  }
  return path + ": the key file is open to others (mode " + mode +
         "); make it readable by its owner only (chmod 600)";
}

}  // namespace

Result<SigningKey> ParsePrivateKey(std::string_view text) {
  std::size_t from = 0;
  bool malformed = false;
  auto block = NextPem(text, &from, &malformed);
  if (!block)
    return Status::Corrupt(malformed ? "malformed PEM block" : "no PEM private key in it");
  WipedString der{std::move(block->der)};
  if (block->label == "OPENSSH PRIVATE KEY") return ParseOpenSshPrivateKey(der.text);
  if (block->label == "PRIVATE KEY") return ParsePkcs8(der.text);
  if (block->label == "ENCRYPTED PRIVATE KEY") {
    return Status::Unsupported("the key is encrypted with a passphrase; give an unencrypted key");
  }
  if (block->label == "PUBLIC KEY")
    return Status::InvalidArgument("a public key, not a private key");
  return Status::Unsupported("a PEM \"" + block->label + "\" block, not an Ed25519 private key");
}

Result<SigningKey> ReadPrivateKeyFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
  struct stat st {};
  WipedString text;
  Status status;
  if (::fstat(fd, &st) != 0) {
    status = Status::IoError(path + ": " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    status = Status::InvalidArgument(path + ": not a regular file");
  } else if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
    status = Status::InvalidArgument(PermissionError(path, st));
  } else if (st.st_size > static_cast<off_t>(kMaxKeyFileBytes)) {
    status = Status::InvalidArgument(path + ": too large for a key file");
  } else {
    text.text.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < text.text.size()) {
      ssize_t n = ::read(fd, text.text.data() + done, text.text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (done != text.text.size()) status = Status::IoError(path + ": could not be read whole");
  }
  ::close(fd);
  if (!status.ok()) return status;
  auto key = ParsePrivateKey(text.text);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

Result<std::vector<PublicKey>> ParsePublicKeys(std::string_view text) {
  std::vector<PublicKey> keys;
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    const std::size_t next = line_end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto newlines_before =
        std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(line_start), '\n');
    const std::string where = "line " + std::to_string(newlines_before + 1);
    if (line.empty() || line[0] == '#') {
      line_start = next;
      continue;
    }
    if (line.rfind("-----BEGIN ", 0) == 0) {
      std::size_t from = line_start;
      bool malformed = false;
      auto block = NextPem(text, &from, &malformed);
      if (!block) return Status::Corrupt(where + ": malformed PEM block");
      if (block->label != "PUBLIC KEY") {
        sodium_memzero(block->der.data(), block->der.size());
        return Status::InvalidArgument(where + ": a PEM \"" + block->label +
                                       "\" block, not a public key");
      }
      const std::string_view der = block->der;
      if (der.size() != kSpkiPrefix.size() + 32 ||
          der.substr(0, kSpkiPrefix.size()) != kSpkiPrefix) {
        return Status::Unsupported(where + ": a public key that is not Ed25519");
      }
      PublicKey key;
      std::memcpy(key.bytes.data(), der.data() + kSpkiPrefix.size(), 32);
      keys.push_back(key);
      line_start = from < text.size() && text[from] == '\n' ? from + 1 : from;
      continue;
    }
    std::size_t space = line.find(' ');
    std::string_view type = line.substr(0, space);
    if (type != "ssh-ed25519") {
      return Status::Unsupported(where + ": not an \"ssh-ed25519 <key>\" line or a PEM public key");
    }
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    std::string_view encoded = rest.substr(0, rest.find(' '));
    auto blob = Base64Decode(encoded);
    std::optional<PublicKey> key = blob ? KeyFromBlob(*blob) : std::nullopt;
    if (!key) return Status::Corrupt(where + ": malformed ssh-ed25519 key");
    keys.push_back(*key);
    line_start = next;
  }
  if (keys.empty()) return Status::InvalidArgument("no public key in it");
  return keys;
}

std::string FormatPrivateKeyPem(const SigningKey& key) {
  WipedString der{std::string(kPkcs8Prefix) + std::string(key.seed())};
  return WrapPem("PRIVATE KEY", der.text);
}

std::string FormatOpenSshPublicKey(const PublicKey& key, std::string_view comment) {
  std::string line = "ssh-ed25519 ";
  line += Base64Encode(OpenSshKeyBlob(key));
  if (!comment.empty()) line.append(" ").append(comment);
  return line;
}

}  // namespace kubeproof
