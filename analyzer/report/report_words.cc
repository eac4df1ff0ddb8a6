#include "analyzer/report/report_words.h"

#include "analyzer/report/report_data.h"

namespace kubeproof {

std::string NodeLabel(const std::string& cluster, const std::string& node) {
  return cluster.empty() ? node : cluster + "/" + node;
}

std::string WaiverApproval(const WaiverNote& waiver) {
  return waiver.justification + " (approved by " + waiver.approved_by + ", expires " + waiver.expires + ")";
}

}  // namespace kubeproof
