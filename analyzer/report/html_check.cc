#include "analyzer/report/html_check.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "analyzer/report/comparison.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

// The order a reader wants outcomes in: what needs action first.
int Urgency(CheckStatus s) {
  switch (s) {
    case CheckStatus::kFail:
      return 0;
    case CheckStatus::kUnverifiable:
      return 1;
    case CheckStatus::kWaived:
      return 2;
    case CheckStatus::kManual:
      return 3;
    case CheckStatus::kPass:
      return 4;
  }
  return 5;
}

std::string WaiverText(const FindingRow& f) {
  if (!f.waiver) return "";
  return "waived: " + WaiverApproval(*f.waiver);
}

// The reason cell: why the status, and for a waived finding who accepted it until when.
std::string ReasonHtml(const FindingRow& f) {
  std::string out = HtmlEscape(f.reason);
  if (f.waiver)
    out += std::string(out.empty() ? "" : "<br>") + "<strong>" + HtmlEscape(WaiverText(f)) +
           "</strong>";
  return out;
}

std::string Tokens(const std::set<std::string>& clusters, const ClusterTokens& tokens) {
  std::string out;
  for (const auto& c : clusters) {
    auto t = tokens.find(c);
    if (t != tokens.end()) out += (out.empty() ? "" : " ") + t->second;
  }
  return out;
}

void NodeRows(std::ostream& out, const std::vector<FindingRow>& rows, const ClusterTokens& tokens) {
  out << "<table "
         "class=\"nodes\">\n<thead><tr><th>Node</th><th>Status</th><th>Actual</th><th>Source</th>"
         "<th>Reason</th></tr></thead>\n<tbody>\n";
  for (const auto& f : rows) {
    out << "<tr data-status=\"" << CheckStatusName(f.status) << "\" data-clusters=\""
        << Tokens({f.cluster}, tokens) << "\"><td>" << HtmlEscape(NodeLabel(f.cluster, f.node))
        << "</td><td>" << StatusBadge(f.status) << "</td><td class=\"value\">"
        << HtmlEscape(f.actual) << "</td><td>" << HtmlEscape(f.source) << "</td><td>"
        << ReasonHtml(f) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// Nodes with the same outcome: status, actual value, source, reason and waiver.
struct Group {
  const FindingRow* first = nullptr;
  std::vector<const FindingRow*> nodes;
  std::set<std::string> clusters;
};

void GroupedRows(std::ostream& out, const std::string& check_id,
                 const std::vector<FindingRow>& rows, const ClusterTokens& tokens) {
  using Key = std::tuple<int, std::string, std::string, std::string, std::string>;
  std::map<Key, Group> groups;
  for (const auto& f : rows) {
    Group& g = groups[Key{Urgency(f.status), f.actual, f.source, f.reason, WaiverText(f)}];
    if (g.first == nullptr) g.first = &f;
    g.nodes.push_back(&f);
    g.clusters.insert(f.cluster);
  }
  std::vector<const Group*> ordered;
  for (const auto& [key, g] : groups) ordered.push_back(&g);
  // Most urgent first, then the largest groups; the map's key order settles ties deterministically.
  std::stable_sort(ordered.begin(), ordered.end(), [](const Group* a, const Group* b) {
    int ua = Urgency(a->first->status), ub = Urgency(b->first->status);
    return ua != ub ? ua < ub : a->nodes.size() > b->nodes.size();
  });
  out << "<table "
         "class=\"groups\">\n<thead><tr><th>Status</th><th>Nodes</th><th>Actual</th><th>Source</th>"
         "<th>Reason</th></tr></thead>\n<tbody>\n";
  for (const Group* g : ordered) {
    const FindingRow& f = *g->first;
    out << "<tr data-status=\"" << CheckStatusName(f.status) << "\" data-clusters=\""
        << Tokens(g->clusters, tokens) << "\"><td>" << StatusBadge(f.status)
        << "</td><td class=\"num\">" << g->nodes.size();
    // Passing and manual groups are counted; the nodes an auditor must act on are named.
    if (f.status != CheckStatus::kPass && f.status != CheckStatus::kManual) {
      // Long lists fold on screen (the script opens them for printing); the search still finds
      // them.
      const bool fold = g->nodes.size() > kOpenNodeList;
      out << (fold ? "<details class=\"nodelist\"><summary>names</summary>"
                   : "<div class=\"nodelist\">");
      size_t listed = std::min(g->nodes.size(), kListedNodesPerGroup);
      for (size_t i = 0; i < listed; ++i)
        out << (i ? ", " : "") << HtmlEscape(NodeLabel(g->nodes[i]->cluster, g->nodes[i]->node));
      if (listed < g->nodes.size()) {
        std::string status(CheckStatusName(f.status));
        out << " and " << g->nodes.size() - listed
            << " more (kubeproof report --format csv --check " << HtmlEscape(check_id)
            << " --status " << status << " lists them)";
      }
      out << (fold ? "</details>" : "</div>");
    }
    out << "</td><td class=\"value\">" << HtmlEscape(f.actual) << "</td><td>"
        << HtmlEscape(f.source) << "</td><td>" << ReasonHtml(f) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

}  // namespace

std::string StatusBadge(CheckStatus s) {
  std::string name(CheckStatusName(s));
  return "<span class=\"status " + name + "\">" + name + "</span>";
}

void WriteCheckDetail(std::ostream& out, const std::string& benchmark, const CheckInfo& check,
                      const std::vector<FindingRow>& rows, const ClusterTokens& tokens) {
  StatusCounts counts;
  int not_on_node = 0;
  std::set<std::string> statuses, clusters;
  for (const auto& f : rows) {
    counts.Add(f.status);
    if (f.status == CheckStatus::kUnverifiable && f.reason_code == ReasonCode::kComponentAbsent)
      ++not_on_node;
    statuses.insert(std::string(CheckStatusName(f.status)));
    clusters.insert(f.cluster);
  }
  std::string status_list;
  for (const auto& s : statuses) status_list += (status_list.empty() ? "" : " ") + s;
  out << "<article class=\"check\" id=\"" << HtmlToken(benchmark) << "-" << HtmlToken(check.id)
      << "\" data-section=\"" << HtmlEscape(check.section) << "\" data-statuses=\"" << status_list
      << "\" data-clusters=\"" << Tokens(clusters, tokens) << "\">\n<h4>"
      << StatusBadge(RollUp(counts, not_on_node)) << " " << HtmlEscape(check.id) << " "
      << HtmlEscape(check.title) << " <small>(" << (check.automated ? "automated" : "manual")
      << (check.scored ? "" : ", not scored") << ")</small></h4>\n";
  out << "<p class=\"muted\">";
  bool first = true;
  for (CheckStatus s : {CheckStatus::kFail, CheckStatus::kUnverifiable, CheckStatus::kWaived,
                        CheckStatus::kManual, CheckStatus::kPass}) {
    if (counts.Get(s) == 0) continue;
    out << (first ? "" : " · ") << CheckStatusName(s) << " " << counts.Get(s);
    first = false;
  }
  out << " of " << rows.size() << (rows.size() == 1 ? " node" : " nodes")
      << "</p>\n<dl><dt>Expected</dt><dd>" << HtmlEscape(check.expected)
      << "</dd><dt>Remediation</dt><dd>" << HtmlEscape(check.remediation) << "</dd></dl>\n";
  if (rows.size() > kFoldAboveNodes) {
    GroupedRows(out, check.id, rows, tokens);
  } else {
    NodeRows(out, rows, tokens);
  }
  out << "</article>\n";
}

}  // namespace kubeproof
