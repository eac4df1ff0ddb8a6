#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "common/key_files.h"

namespace kubeproof {
namespace {

constexpr std::string_view kName = "keygen";

// Creates `path` with `mode`; never replaces a file, and removes what it wrote if writing fails.
Status WriteNewFile(const std::string& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool written = done == content.size() && ::fsync(fd) == 0;
  if (::close(fd) != 0 || !written) {
    ::unlink(path.c_str());
    return Status::IoError(path + ": could not be written");
  }
  return Status::Ok();
}

}  // namespace

int RunKeygen(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = {
      {"o", true, false, "the private key file to create; the public key goes to FILE.pub", "FILE"},
      {"comment", true, false, "text after the public key (default: kubeproof)", "TEXT"},
      {"help", false, false, "show this help"},
  };
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail(kName, args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout
        << "usage: kubeproof keygen -o FILE [--comment TEXT]\n\n"
           "Makes an Ed25519 key pair for signing bundles (kubeproof-collect --sign-key) and\n"
           "reports (kubeproof report --sign-key): FILE holds the private key (PEM, PKCS #8,\n"
           "mode 0600), FILE.pub the public key as one ssh-ed25519 line, which --trust reads.\n"
           "Prints the key's fingerprint. Never replaces an existing file. Exit 0 when both\n"
           "files were written, 2 for a bad command line, 3 when a file could not be "
           "written.\n\nflags:\n"
        << FlagHelp(specs);
    return kExitOk;
  }
  if (!args->positional().empty())
    return Fail(kName, "unexpected argument " + args->positional()[0], kExitUsage);
  auto path = args->Get("o");
  if (!path || path->empty()) return Fail(kName, "-o FILE is required", kExitUsage);
  const std::string comment = args->Get("comment").value_or("kubeproof");
  if (comment.find_first_of("\r\n") != std::string::npos)
    return Fail(kName, "--comment must be one line", kExitUsage);
  const std::string public_path = *path + ".pub";
  for (const std::string& p : {*path, public_path}) {
    if (::access(p.c_str(), F_OK) == 0)
      return Fail(kName, p + " exists; kubeproof never replaces a key", kExitUsage);
  }
  auto key = SigningKey::Generate();
  if (!key.ok()) return Fail(kName, key.status().message(), kExitError);
  std::string private_pem = FormatPrivateKeyPem(*key);
  Status s = WriteNewFile(*path, private_pem, 0600);
  sodium_memzero(private_pem.data(), private_pem.size());
  if (!s.ok()) return Fail(kName, s.message(), kExitError);
  if (Status p = WriteNewFile(public_path,
                              FormatOpenSshPublicKey(key->public_key(), comment) + "\n", 0644);
      !p.ok()) {
    ::unlink(path->c_str());
    return Fail(kName, p.message(), kExitError);
  }
  std::cout << "wrote " << *path << " (private key) and " << public_path << "\n"
            << "fingerprint " << Fingerprint(key->public_key()) << "\n";
  return kExitOk;
}

}  // namespace kubeproof
