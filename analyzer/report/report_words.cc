#include "analyzer/report/report_words.h"

#include "analyzer/report/report_data.h"
#include "analyzer/waivers/waiver.h"

namespace kubeproof {

std::string NodeLabel(const std::string& cluster, const std::string& node) {
  return cluster.empty() ? node : cluster + "/" + node;
}

std::string WaiverApproval(const WaiverNote& waiver) {
  return ApprovalText(waiver.justification, waiver.approved_by, waiver.expires);
}

}  // namespace kubeproof
