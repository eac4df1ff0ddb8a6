// The bundles a report rests on, as every format lists them: each with its signer, or, for a
// fleet, a count per signer.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analyzer/report/report_data.h"

namespace kubeproof {

// Text and Markdown list each bundle up to this many; above it, a count per signer.
inline constexpr std::size_t kListedBundles = 100;

// "unsigned", "SHA256:… (trusted)" or "SHA256:… (key not trusted)": whether the key was
// among those ingest --trust named.
std::string SignerText(const NodeInfo& bundle);

struct SignerCount {
  std::string signer;  // SignerText
  std::size_t bundles = 0;
};

// One entry per distinct SignerText, most bundles first, then by text.
std::vector<SignerCount> CountSigners(const std::vector<NodeInfo>& bundles);

}  // namespace kubeproof
