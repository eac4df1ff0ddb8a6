// The HTML report's frame: the head with its Content-Security-Policy, the header an auditor signs
// off on (benchmarks, time, scope, the bundles it rests on), the filter form, and the closing part.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/report/html_check.h"
#include "analyzer/report/html_summary.h"
#include "analyzer/waivers/waiver_matcher.h"

namespace kubeproof {

struct HtmlReportContext {
  std::string generated_on;          // YYYY-MM-DD, UTC
  std::vector<std::string> filters;  // the display filters in force, e.g. "sections: 4.2"
  std::string waivers;               // "waivers.yaml, judged on 2026-12-01", or empty
};

// Doctype to the end of the header and its table of contents.
void WriteDocumentStart(std::ostream& out, const HtmlReportContext& context,
                        const std::vector<BenchmarkSummary>& summaries,
                        const std::vector<NodeInfo>& bundles, bool has_changes);

// The form the script reveals: search, status, cluster and section.
void WriteFilterForm(std::ostream& out, const ClusterTokens& clusters,
                     const std::vector<SectionInfo>& sections);

// Every waiver of the file with what became of it.
void WriteWaiverUses(std::ostream& out, const std::vector<WaiverUse>& uses);

// The script and the closing tags.
void WriteDocumentEnd(std::ostream& out);

}  // namespace kubeproof
