// Which provider the API server writes a resource with, read from an EncryptionConfiguration:
// the first provider of the first `resources` entry that covers the resource.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/config/config_values.h"

namespace kubeproof {

struct WritingProvider {
  int entry = 0;           // index of the `resources` entry that covers the resource
  std::string covered_by;  // the entry's matching name: "secrets", "*.", "*.*"
  std::string provider;    // its first provider: identity, aescbc, aesgcm, secretbox, kms
};

// `resource` is "name" (core group) or "name.group"; entries name resources the same way, with
// "*.group" for every resource of a group and "*.*" for all. Reads document 0 only.
// nullopt: no entry covers the resource, so it is stored unencrypted.
std::optional<WritingProvider> ProviderWriting(const std::vector<ConfigValue>& values, const std::string& resource);

}  // namespace kubeproof
