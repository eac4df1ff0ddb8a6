#include "analyzer/report/html_changes.h"

#include "analyzer/report/html_check.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

std::string BundleText(const std::optional<BundleRef>& b) {
  if (!b) return "none";
  return "collected " + b->started_at + ", SHA-256 " + b->sha256.substr(0, 12);
}

void ChangedNode(std::ostream& out, const NodeChange& n) {
  out << "<h3>" << HtmlEscape(NodeLabel(n.cluster, n.node))
      << "</h3>\n<p class=\"muted\">before: " << HtmlEscape(BundleText(n.before))
      << "; now: " << HtmlEscape(BundleText(n.after)) << "</p>\n";
  for (const auto& note : n.notes) out << "<p>" << HtmlEscape(note) << "</p>\n";
  if (n.checks.empty()) return;
  out << "<table "
         "class=\"changes\">\n<thead><tr><th>Check</th><th>Before</th><th>Now</th><th>Actual "
         "before</th>"
         "<th>Actual now</th><th>Source and reason now</th></tr></thead>\n<tbody>\n";
  for (const auto& c : n.checks) {
    out << "<tr><td>" << HtmlEscape(c.benchmark + " " + c.check_id) << "<br><small>"
        << HtmlEscape(c.title) << "</small></td><td>" << StatusBadge(c.before) << "</td><td>"
        << StatusBadge(c.after) << "</td><td class=\"value\">" << HtmlEscape(c.actual_before)
        << "</td><td class=\"value\">" << HtmlEscape(c.actual_after) << "</td><td>"
        << HtmlEscape(c.source_after)
        << (c.reason_after.empty() ? "" : "<br>" + HtmlEscape(c.reason_after)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void NodeList(std::ostream& out, const Changes& changes, NodeChange::Kind kind,
              const std::string& heading) {
  std::string rows;
  for (const auto& n : changes.nodes) {
    if (n.kind != kind) continue;
    const auto& bundle = kind == NodeChange::Kind::kAppeared ? n.after : n.before;
    rows += "<tr><td>" + HtmlEscape(NodeLabel(n.cluster, n.node)) + "</td><td>" +
            HtmlEscape(BundleText(bundle)) + "</td></tr>\n";
  }
  if (rows.empty()) return;
  out << "<h3>" << heading << "</h3>\n<table>\n<thead><tr><th>Node</th><th>"
      << (kind == NodeChange::Kind::kAppeared ? "Bundle" : "Last bundle")
      << "</th></tr></thead>\n<tbody>\n"
      << rows << "</tbody>\n</table>\n";
}

}  // namespace

void WriteChangesSection(std::ostream& out, const Changes& changes) {
  if (!changes.has_previous) return;
  int changed = 0, appeared = 0, vanished = 0;
  for (const auto& n : changes.nodes) {
    if (n.kind == NodeChange::Kind::kChanged) ++changed;
    if (n.kind == NodeChange::Kind::kAppeared) ++appeared;
    if (n.kind == NodeChange::Kind::kVanished) ++vanished;
  }
  out << "<section class=\"changes\" id=\"changes\">\n<h2>Changes since the previous "
         "audit</h2>\n<p>Previous audit: "
      << HtmlEscape(changes.baseline) << ". " << Plural(changes.nodes_compared, "node", "nodes")
      << " compared, " << changed << " with changes; " << appeared << " appeared, " << vanished
      << " vanished.</p>\n";
  for (const auto& n : changes.nodes) {
    if (n.kind == NodeChange::Kind::kChanged) ChangedNode(out, n);
  }
  NodeList(out, changes, NodeChange::Kind::kAppeared, "Nodes that appeared");
  NodeList(out, changes, NodeChange::Kind::kVanished, "Nodes that vanished");
  out << "</section>\n";
}

}  // namespace kubeproof
