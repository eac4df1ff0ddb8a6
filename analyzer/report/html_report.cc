#include "analyzer/report/html_report.h"

#include <algorithm>
#include <set>

#include "analyzer/report/findings_by_check.h"
#include "analyzer/report/html_changes.h"
#include "analyzer/report/html_escape.h"
#include "analyzer/report/overview.h"
#include "analyzer/report/summary.h"

namespace kubeproof {
namespace {

// Pass one: each benchmark's table from counts, and the frames and spooled findings pass two
// reuses: the findings are read once.
Status Summarize(Database* db, const HtmlReportRequest& request, WaiverMatcher* matcher,
                 std::vector<ReportData>* frames, std::vector<BenchmarkSummary>* summaries,
                 std::vector<std::unique_ptr<FindingsByCheck>>* spooled) {
  for (const auto& benchmark : request.benchmarks) {
    ReportFilter filter = request.filter;
    filter.benchmark = benchmark;
    auto frame = LoadReportFrame(db, filter);
    if (!frame.ok()) return frame.status();
    BenchmarkSummary summary;
    summary.kubernetes_range = frame->kubernetes_range;
    summary.nodes = static_cast<int>(frame->nodes.size());
    std::set<std::int64_t> failing;
    std::unique_ptr<FindingsByCheck> held;
    auto table = SummarizeFindings(*frame, request.group_by, matcher, request.statuses,
                                   SpoolWhileCounting(db, *frame, &held), &failing);
    if (!table.ok()) return table.status();
    spooled->push_back(std::move(held));
    summary.table = std::move(*table);
    summary.failing_nodes = static_cast<int>(failing.size());
    summaries->push_back(std::move(summary));
    frames->push_back(std::move(*frame));
  }
  return Status::Ok();
}

// Pass two: one benchmark's checks, section by section, holding one check's findings at a time.
Status WriteChecks(const HtmlReportRequest& request, const WaiverMatcher& matcher, const ReportData& frame,
                   FindingsByCheck& findings, const ClusterTokens& clusters, std::ostream& out) {
  out << "<section class=\"checks\" id=\"checks-" << HtmlToken(frame.benchmark)
      << "\">\n<h2>Checks: " << HtmlEscape(frame.benchmark_title) << "</h2>\n";
  std::map<std::string, const CheckInfo*> checks;
  for (const auto& c : frame.checks) checks[c.id] = &c;
  std::map<std::string, const SectionInfo*> sections;
  for (const auto& s : frame.sections) sections[s.id] = &s;
  std::string open_section;
  std::vector<FindingRow> rows;
  auto flush = [&]() {
    if (rows.empty()) return;
    const CheckInfo& check = *checks.at(rows.front().check_id);
    if (check.section != open_section) {
      if (!open_section.empty()) out << "</section>\n";
      open_section = check.section;
      auto section = sections.find(check.section);
      out << "<section class=\"section\" data-section=\"" << HtmlEscape(check.section)
          << "\">\n<h3>"
          << HtmlEscape(check.section + " " +
                        (section == sections.end() ? "" : section->second->title))
          << "</h3>\n";
    }
    WriteCheckDetail(out, frame.benchmark, check, rows, clusters);
    rows.clear();
  };
  Status s = findings.Replay(frame, [&](FindingRow&& f) {
    if (checks.count(f.check_id) == 0) return;
    if (!rows.empty() && rows.front().check_id != f.check_id) flush();
    WaiveCounted(matcher, frame.benchmark, &f);  // pass one counted it
    if (StatusShown(request.statuses, f.status)) rows.push_back(std::move(f));
  });
  if (!s.ok()) return s;
  flush();
  if (!open_section.empty()) out << "</section>\n";
  out << "</section>\n";
  return Status::Ok();
}

// The newest bundle of every node in any table, once, by cluster and node.
std::vector<NodeInfo> Bundles(const std::vector<ReportData>& frames) {
  std::map<std::pair<std::string, std::string>, NodeInfo> by_node;
  for (const auto& frame : frames) {
    for (const auto& n : frame.nodes) {
      auto [it, inserted] = by_node.emplace(std::pair{n.cluster, n.node}, n);
      if (!inserted && n.started_at > it->second.started_at) it->second = n;
    }
  }
  std::vector<NodeInfo> out;
  for (auto& [key, n] : by_node) out.push_back(std::move(n));
  return out;
}

}  // namespace

Result<std::vector<WaiverUse>> WriteHtmlReport(Database* db, const HtmlReportRequest& request,
                                               std::ostream& out) {
  WaiverMatcher matcher(request.waivers, request.today);
  std::vector<ReportData> frames;
  std::vector<BenchmarkSummary> summaries;
  std::vector<std::unique_ptr<FindingsByCheck>> spooled;
  if (Status s = Summarize(db, request, &matcher, &frames, &summaries, &spooled); !s.ok()) return s;
  auto changes = LoadChanges(db, request.changes);
  if (!changes.ok()) return changes.status();

  std::vector<NodeInfo> bundles = Bundles(frames);
  ClusterTokens clusters;
  for (const auto& b : bundles) clusters.emplace(b.cluster, "");
  int next = 0;
  for (auto& [name, token] : clusters) token = "c" + std::to_string(next++);
  std::vector<SectionInfo> sections;
  std::set<std::string> seen;
  for (const auto& frame : frames) {
    for (const auto& s : frame.sections) {
      if (seen.insert(s.id).second) sections.push_back(s);
    }
  }

  WriteDocumentStart(out, request.context, summaries, bundles, changes->has_previous);
  Overview overview;
  for (const auto& s : summaries) {
    WriteBenchmarkSummary(out, s, request.options);
    overview.Add(s.table);
  }
  WriteOverview(out, overview, request.options);
  WriteFilterForm(out, clusters, sections);
  for (size_t i = 0; i < frames.size(); ++i) {
    if (Status s = WriteChecks(request, matcher, frames[i], *spooled[i], clusters, out); !s.ok()) return s;
  }
  WriteChangesSection(out, *changes);
  std::vector<WaiverUse> uses = matcher.Uses();
  WriteWaiverUses(out, uses);
  WriteDocumentEnd(out);
  return uses;
}

}  // namespace kubeproof
