// BundleWriter: assembles members into a bundle (schema/FORMAT.md) in memory; the one place the
// collector touches libarchive.
#pragma once

#include <ctime>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/ed25519.h"
#include "common/status.h"

namespace kubeproof {

class BundleWriter {
 public:
  // Adds an evidence member. REQUIRES: `name` follows FORMAT.md's member name rules and is new.
  Status Add(const std::string& name, std::string content);
  // Drops a member added before; nothing of it is written.
  void Remove(const std::string& name) { members_.erase(name); }

  // Fills manifest["members"], then returns the gzip-compressed tar: SHA256SUMS, its signature
  // SHA256SUMS.sig when `signer` is set, manifest.json, then the members in name order, every
  // header stamped with `mtime`.
  Result<std::string> Finish(nlohmann::json manifest, std::time_t mtime, const SigningKey* signer = nullptr) const;

 private:
  std::map<std::string, std::string> members_;
};

}  // namespace kubeproof
