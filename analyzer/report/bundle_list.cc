#include "analyzer/report/bundle_list.h"

#include <algorithm>
#include <map>

namespace kubeproof {

std::string SignerText(const NodeInfo& bundle) {
  if (bundle.signer.empty()) return "unsigned";
  return bundle.signer + (bundle.signer_trusted ? " (trusted)" : " (key not trusted)");
}

std::vector<SignerCount> CountSigners(const std::vector<NodeInfo>& bundles) {
  std::map<std::string, std::size_t> counts;
  for (const NodeInfo& b : bundles) ++counts[SignerText(b)];
  std::vector<SignerCount> out;
  for (auto& [signer, n] : counts) out.push_back({signer, n});
  std::stable_sort(out.begin(), out.end(), [](const SignerCount& a, const SignerCount& b) {
    return a.bundles > b.bundles;
  });
  return out;
}

}  // namespace kubeproof
