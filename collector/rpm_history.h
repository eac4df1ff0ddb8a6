// The transaction logs of rpm-based nodes' package managers, read on the node for the versions
// of the Kubernetes packages installed: dnf's /var/log/dnf.rpm.log (RHEL 8+, Rocky, Amazon Linux
// 2023) and yum's /var/log/yum.log (RHEL 7, Amazon Linux 2). The rpm database itself needs a
// database library (Berkeley DB, SQLite), which the collector does not link.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collector/installed_package.h"
#include "collector/text_lines.h"

namespace kubeproof {

// Takes the log's lines, oldest first (a rotated file before the current one), and replays
// them: an install, upgrade, downgrade or reinstall record makes its version the package's; an
// erase removes the package; the record of the old version an upgrade replaced ("Upgraded:",
// "Obsoleted:", "Cleanup:") removes it only while it is still the one recorded.
//   dnf: 2024-03-20T10:11:12+0000 SUBDEBUG Upgrade: kubelet-1.29.3-150500.1.1.x86_64
//   yum: Mar 20 10:11:12 Installed: kubelet-1.20.4-0.x86_64   (epoch first: 1:name-v-r.a)
// Every other line is ignored. What the log does not record (an rpm -i, a rotated-away install)
// cannot be known from it.
class RpmHistoryReader : public LineSink {
 public:
  void Line(std::string_view line) override;
  // The Kubernetes packages the records leave installed, by package name.
  std::vector<InstalledPackage> Installed() const;
  // Records of Kubernetes packages that could not be taken, and why.
  const std::vector<std::string>& problems() const { return problems_; }
  // The file the next lines come from, named in each package's detail.
  void SetFile(std::string file) { file_ = std::move(file); }

 private:
  void Record(std::string_view action, std::string_view package);

  std::string file_;
  std::map<std::string, InstalledPackage> installed_;
  std::vector<std::string> problems_;
};

}  // namespace kubeproof
