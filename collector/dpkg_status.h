// The Debian package database (/var/lib/dpkg/status), read on the node for the versions of the
// Kubernetes packages installed; nothing else of it is kept.
//
// Parsed here rather than copied through a content profile: the file lists every package of the
// node and can be megabytes, and only a few Version fields are evidence; the bundle gets those
// and the file's stat record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collector/installed_package.h"
#include "collector/text_lines.h"

namespace kubeproof {

// Takes the file line by line (deb822 stanzas separated by blank lines). A stanza counts when
// its Package is a Kubernetes one, its Status is "<want> ok installed" and its Version a
// version string; a half-installed, unpacked, config-files or not-installed package does not,
// nor does a stanza that repeats a field or holds a line that is no field.
class DpkgStatusReader : public LineSink {
 public:
  void Line(std::string_view line) override;
  // Ends the last stanza. Call once, after the last line.
  void Finish();
  const std::vector<InstalledPackage>& installed() const { return installed_; }
  // Stanzas of Kubernetes packages that looked installed but could not be taken, and why.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  void EndStanza();

  std::string package_;
  std::string status_;
  std::string version_;
  int fields_seen_ = 0;  // bit per field: Package, Status, Version
  bool malformed_ = false;
  bool in_field_ = false;  // a continuation line needs a field before it
  std::vector<InstalledPackage> installed_;
  std::vector<std::string> problems_;
};

}  // namespace kubeproof
