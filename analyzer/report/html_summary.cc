#include "analyzer/report/html_summary.h"

#include <algorithm>
#include <map>

#include "analyzer/report/cell_format.h"
#include "analyzer/report/html_check.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/note_groups.h"
#include "analyzer/report/report_words.h"
#include "analyzer/report/svg_chart.h"

namespace kubeproof {
namespace {

StatusCounts Sum(const std::vector<StatusCounts>& columns) {
  StatusCounts sum;
  for (const auto& c : columns) {
    for (size_t s = 0; s < sum.by_status.size(); ++s) sum.by_status[s] += c.by_status[s];
  }
  return sum;
}

// Checks whose rolled-up state is `status` in at least one column.
int ChecksWith(const Comparison& c, CheckStatus status) {
  return static_cast<int>(
      std::count_if(c.checks.begin(), c.checks.end(), [&](const CheckComparison& check) {
        return std::any_of(check.columns.begin(), check.columns.end(),
                           [&](const auto& o) { return o && o->status == status; });
      }));
}

std::string CellHtml(const StatusCounts& counts, const RenderOptions& o, bool strong) {
  Cell cell = FormatCell(counts, o);
  std::string level = cell.level ? " rating-" + std::to_string(*cell.level) : "";
  std::string text = HtmlEscape(cell.Text());
  return "<td class=\"num" + level + "\">" + (strong ? "<strong>" + text + "</strong>" : text) +
         "</td>";
}

void Banner(std::ostream& out, const BenchmarkSummary& s, const RenderOptions& o) {
  const Comparison& c = s.table;
  int failing = ChecksWith(c, CheckStatus::kFail),
      unverifiable = ChecksWith(c, CheckStatus::kUnverifiable);
  int manual = ChecksWith(c, CheckStatus::kManual), waived = ChecksWith(c, CheckStatus::kWaived);
  StatusCounts all = Sum(c.totals);
  std::string kind, text;
  if (failing > 0) {
    kind = "not-met";
    text = "Not met: " + Plural(failing, "check fails", "checks fail") + " on " +
           std::to_string(s.failing_nodes) + " of " + Plural(s.nodes, "node", "nodes");
  } else if (all.Verifiable() == 0) {
    kind = "unknown";
    text = "Nothing could be verified on " + Plural(s.nodes, "node", "nodes");
  } else {
    kind = "met";
    text = "Met: every verifiable check passes on " + Plural(s.nodes, "node", "nodes");
  }
  std::vector<std::string> apart;
  if (waived > 0) apart.push_back(Plural(waived, "check", "checks") + " waived");
  if (unverifiable > 0)
    apart.push_back(Plural(unverifiable, "check", "checks") + " not verifiable");
  if (manual > 0)
    apart.push_back(Plural(manual, "check needs", "checks need") + " a person (manual)");
  for (const auto& a : apart) text += "; " + a;
  out << "<p class=\"banner " << kind << "\">" << HtmlEscape(text)
      << ". Share met over every column: " << HtmlEscape(FormatCell(all, o).Text()) << ".</p>\n";
}

void Table(std::ostream& out, const Comparison& c, const RenderOptions& o) {
  out << "<table class=\"summary\">\n<thead><tr><th>Section</th>";
  for (const auto& col : c.columns) out << "<th class=\"num\">" << HtmlEscape(col.name) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& s : c.sections) {
    out << "<tr><td>" << HtmlEscape(s.section.id + " " + s.section.title) << "</td>";
    for (const auto& counts : s.columns) out << CellHtml(counts, o, false);
    out << "</tr>\n";
  }
  out << "<tr class=\"total\"><td>Total</td>";
  for (const auto& counts : c.totals) out << CellHtml(counts, o, true);
  out << "</tr>\n";
  for (auto [label, status] : {std::pair{"waived", CheckStatus::kWaived},
                               {"not verifiable", CheckStatus::kUnverifiable},
                               {"manual", CheckStatus::kManual}}) {
    out << "<tr class=\"extra\"><td>" << label << "</td>";
    for (const auto& counts : c.totals)
      out << "<td class=\"num\">" << counts.Get(status) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
  const auto& t = o.thresholds;
  out << "<p class=\"muted\">Each cell: recommendations met/verifiable, share met, rating ("
      << RatingSymbol(0, false) << " ≥ " << t[0] << "%, " << RatingSymbol(1, false) << " ≥ " << t[1]
      << "%, " << RatingSymbol(2, false) << " ≥ " << t[2] << "%, " << RatingSymbol(3, false)
      << " below; " << RatingSymbol(std::nullopt, false)
      << " when nothing could be verified). Waived findings count as "
      << (o.waived == WaivedCounting::kAsMet ? "met" : "failed") << "."
      << (c.group_by == GroupBy::kCluster ? " A check counts as failed in a cluster if any node "
                                            "fails it, as not verifiable if a node running its"
                                            " component lacks evidence, and as met only if every "
                                            "node running its component passes."
                                          : "")
      << "</p>\n";
}

void Charts(std::ostream& out, const Comparison& c) {
  out << "<p class=\"legend\">";
  for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kWaived,
                        CheckStatus::kManual, CheckStatus::kUnverifiable}) {
    out << "<span><i class=\"" << CheckStatusName(s) << "\"></i>" << CheckStatusName(s)
        << "</span>";
  }
  out << "</p>\n<div class=\"charts\">\n";
  for (size_t col = 0; col < c.columns.size(); ++col) {
    out << "<figure><figcaption>" << HtmlEscape(c.columns[col].name) << " <small>("
        << Plural(c.columns[col].nodes.size(), "node", "nodes") << ")</small></figcaption>\n"
        << SectionBarChart(c, col) << "</figure>\n";
  }
  out << "</div>\n";
}

// The benchmark-choice notes, "node: note" each; at fleet size nodes with the same note share a
// line.
void Notes(std::ostream& out, const std::vector<std::string>& notes) {
  if (notes.empty()) return;
  out << "<h3>Benchmark choice</h3>\n<ul class=\"notes\">\n";
  if (notes.size() <= kFoldAboveNodes) {
    for (const auto& note : notes) out << "<li>" << HtmlEscape(note) << "</li>\n";
    out << "</ul>\n";
    return;
  }
  for (const NoteGroup& group : GroupNotes(notes)) {
    out << "<li>" << HtmlEscape(group.note) << "<details class=\"nodelist\"><summary>"
        << Plural(group.nodes.size(), "node", "nodes") << "</summary>" << HtmlEscape(NameSome(group.nodes, kListedNodesPerGroup))
        << "</details></li>\n";
  }
  out << "</ul>\n";
}

}  // namespace

std::string BenchmarkAnchor(const std::string& benchmark) {
  return "benchmark-" + HtmlToken(benchmark);
}

void WriteBenchmarkSummary(std::ostream& out, const BenchmarkSummary& s, const RenderOptions& o) {
  const Comparison& c = s.table;
  out << "<section class=\"benchmark\" id=\"" << BenchmarkAnchor(c.benchmark) << "\">\n<h2>"
      << HtmlEscape(c.benchmark_title) << " <small>" << HtmlEscape(c.benchmark)
      << (s.kubernetes_range.empty() ? "" : ", Kubernetes " + HtmlEscape(s.kubernetes_range))
      << "</small></h2>\n";
  Banner(out, s, o);
  Table(out, c, o);
  Charts(out, c);
  Notes(out, c.notes);
  out << "<p><a href=\"#checks-" << HtmlToken(c.benchmark) << "\">Every check of "
      << HtmlEscape(c.benchmark) << " with its evidence</a></p>\n</section>\n";
}

void WriteOverview(std::ostream& out, const Overview& overview, const RenderOptions& o) {
  if (!overview.Shown()) return;
  std::string group = overview.group_by == GroupBy::kCluster ? "Cluster" : "Node";
  out << "<section class=\"overview\" id=\"overview\">\n<h2>Side by side: each "
      << (group == "Cluster" ? "cluster" : "node")
      << " against its own benchmark</h2>\n<table>\n<thead><tr><th>" << group
      << "</th><th>Benchmark</th><th class=\"num\">Met</th><th class=\"num\">Not verifiable</th>"
         "<th class=\"num\">Manual</th></tr></thead>\n<tbody>\n";
  for (const auto& r : overview.rows) {
    out << "<tr><td>" << HtmlEscape(r.column) << "</td><td><a href=\"#"
        << BenchmarkAnchor(r.benchmark) << "\">" << HtmlEscape(r.benchmark) << "</a></td>"
        << CellHtml(r.totals, o, false) << "<td class=\"num\">"
        << r.totals.Get(CheckStatus::kUnverifiable) << "</td><td class=\"num\">"
        << r.totals.Get(CheckStatus::kManual) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

}  // namespace kubeproof
