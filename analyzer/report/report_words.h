// Words every report format uses alike: counted nouns, a node named with its cluster and a
// waiver's approval.
#pragma once

#include <string>

namespace kubeproof {

// "1 node", "3 nodes", for any count type.
template <typename Count>
std::string Plural(Count n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "cluster/node", or "node" for a bundle without a cluster.
std::string NodeLabel(const std::string& cluster, const std::string& node);

struct WaiverNote;

// ApprovalText of the waiver that turned a finding WAIVED.
std::string WaiverApproval(const WaiverNote& waiver);

}  // namespace kubeproof
