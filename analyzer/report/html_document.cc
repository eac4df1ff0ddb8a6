#include "analyzer/report/html_document.h"

#include <set>

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/html_assets.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

std::string ClusterLabel(const std::string& cluster) {
  return cluster.empty() ? "(no cluster)" : cluster;
}

std::string Title(const std::set<std::string>& clusters, size_t nodes) {
  return "CIS Kubernetes Benchmark audit: " + Plural(clusters.size(), "cluster", "clusters") +
         ", " + Plural(nodes, "node", "nodes");
}

void BundleTable(std::ostream& out, const std::vector<NodeInfo>& bundles) {
  // A fleet's list of bundles folds away on screen; the script opens it for printing.
  const bool fold = bundles.size() > kFoldAboveNodes;
  if (fold)
    out << "<details><summary>" << Plural(bundles.size(), "bundle", "bundles") << "</summary>\n";
  out << "<table class=\"bundles\">\n<thead><tr><th>Cluster</th><th>Node</th><th>Collected at</th>"
         "<th>Bundle SHA-256</th><th>Signed by</th></tr></thead>\n<tbody>\n";
  for (const auto& b : bundles) {
    out << "<tr><td>" << HtmlEscape(ClusterLabel(b.cluster)) << "</td><td>" << HtmlEscape(b.node)
        << "</td><td>" << HtmlEscape(b.started_at) << "</td><td><code>" << HtmlEscape(b.sha256)
        << "</code></td><td>" << HtmlEscape(SignerText(b)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (fold) out << "</details>\n";
}

}  // namespace

void WriteDocumentStart(std::ostream& out, const HtmlReportContext& context,
                        const std::vector<BenchmarkSummary>& summaries,
                        const std::vector<NodeInfo>& bundles, bool has_changes) {
  std::set<std::string> clusters;
  for (const auto& b : bundles) clusters.insert(ClusterLabel(b.cluster));
  const std::string title = Title(clusters, bundles.size());
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << ReportContentSecurityPolicy()
      << "\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"kubeproof " KUBEPROOF_VERSION "\">\n<title>"
      << HtmlEscape(title) << "</title>\n<style>" << ReportStyle()
      << "</style>\n</head>\n<body>\n<header id=\"top\">\n<h1>" << HtmlEscape(title)
      << "</h1>\n<dl class=\"facts\">\n<dt>Benchmarks</dt><dd><ul>\n";
  for (const auto& s : summaries) {
    out << "<li><a href=\"#" << BenchmarkAnchor(s.table.benchmark) << "\">"
        << HtmlEscape(s.table.benchmark_title) << "</a> (" << HtmlEscape(s.table.benchmark)
        << (s.kubernetes_range.empty() ? "" : ", Kubernetes " + HtmlEscape(s.kubernetes_range))
        << "): " << Plural(s.nodes, "node", "nodes") << "</li>\n";
  }
  out << "</ul></dd>\n<dt>Generated</dt><dd>" << HtmlEscape(context.generated_on)
      << " (UTC) by kubeproof " KUBEPROOF_VERSION "</dd>\n<dt>Scope</dt><dd>"
      << Plural(clusters.size(), "cluster", "clusters") << " (";
  bool first = true;
  for (const auto& c : clusters) {
    out << (first ? "" : ", ") << HtmlEscape(c);
    first = false;
  }
  out << "), " << Plural(bundles.size(), "node", "nodes") << ", each by its newest bundle</dd>\n";
  if (!context.filters.empty()) {
    out << "<dt>Shown</dt><dd>";
    for (size_t i = 0; i < context.filters.size(); ++i)
      out << (i ? "; " : "") << HtmlEscape(context.filters[i]);
    out << "</dd>\n";
  }
  if (!context.waivers.empty())
    out << "<dt>Waivers</dt><dd>" << HtmlEscape(context.waivers) << "</dd>\n";
  out << "</dl>\n";
  out << "<nav class=\"toc\"><ul>\n";
  for (const auto& s : summaries) {
    out << "<li><a href=\"#" << BenchmarkAnchor(s.table.benchmark)
        << "\">Summary: " << HtmlEscape(s.table.benchmark) << "</a></li>\n<li><a href=\"#checks-"
        << HtmlToken(s.table.benchmark) << "\">Checks: " << HtmlEscape(s.table.benchmark)
        << "</a></li>\n";
  }
  if (has_changes) out << "<li><a href=\"#changes\">Changes since the previous audit</a></li>\n";
  out << "</ul></nav>\n";
  out << "<h2>Evidence: the bundles this report rests on</h2>\n";
  BundleTable(out, bundles);
  out << "</header>\n<main>\n";
}

void WriteFilterForm(std::ostream& out, const ClusterTokens& clusters,
                     const std::vector<SectionInfo>& sections) {
  out << "<form id=\"filters\" hidden>\n<label>Search <input type=\"search\" id=\"filter-search\" "
         "placeholder=\"check id, node, value\"></label>\n<label>Status <select "
         "id=\"filter-status\">"
         "<option value=\"\">all</option>";
  for (CheckStatus s : {CheckStatus::kFail, CheckStatus::kUnverifiable, CheckStatus::kManual,
                        CheckStatus::kWaived, CheckStatus::kPass}) {
    out << "<option>" << CheckStatusName(s) << "</option>";
  }
  out << "</select></label>\n<label>Cluster <select id=\"filter-cluster\"><option "
         "value=\"\">all</option>";
  for (const auto& [name, token] : clusters) {
    out << "<option value=\"" << token << "\">" << HtmlEscape(ClusterLabel(name)) << "</option>";
  }
  out << "</select></label>\n<label>Section <select id=\"filter-section\"><option "
         "value=\"\">all</option>";
  for (const auto& s : sections) {
    out << "<option value=\"" << HtmlEscape(s.id) << "\">" << HtmlEscape(s.id + " " + s.title)
        << "</option>";
  }
  out << "</select></label>\n<p id=\"filter-count\"></p>\n</form>\n";
}

void WriteWaiverUses(std::ostream& out, const std::vector<WaiverUse>& uses) {
  if (uses.empty()) return;
  out << "<section class=\"waivers\" "
         "id=\"waivers\">\n<h2>Waivers</h2>\n<table>\n<thead><tr><th>State</th>"
         "<th>Waiver</th></tr></thead>\n<tbody>\n";
  for (const auto& use : uses) {
    out << "<tr><td>" << WaiverStateName(use.state) << "</td><td>" << HtmlEscape(use.note)
        << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void WriteDocumentEnd(std::ostream& out) {
  out << "</main>\n<footer><p class=\"muted\">kubeproof " KUBEPROOF_VERSION
         ": statuses PASS, FAIL, WAIVED (a failure an auditor accepted), MANUAL (needs a person) "
         "and UNVERIFIABLE "
         "(the evidence could not show it) are kept apart throughout.</p></footer>\n<script>"
      << ReportScript() << "</script>\n</body>\n</html>\n";
}

}  // namespace kubeproof
