#include "analyzer/report/report_words.h"

namespace kubeproof {

std::string NodeLabel(const std::string& cluster, const std::string& node) {
  return cluster.empty() ? node : cluster + "/" + node;
}

}  // namespace kubeproof
