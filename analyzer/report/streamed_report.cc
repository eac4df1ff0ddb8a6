#include "analyzer/report/streamed_report.h"

#include <memory>

#include "analyzer/report/csv_renderer.h"
#include "analyzer/report/findings_by_check.h"
#include "analyzer/report/json_renderer.h"
#include "analyzer/report/junit_renderer.h"
#include "analyzer/report/markdown_renderer.h"
#include "analyzer/report/sarif_renderer.h"
#include "analyzer/report/summary.h"
#include "analyzer/report/text_renderer.h"

namespace kubeproof {
namespace {

std::unique_ptr<FindingWriter> MakeWriter(ReportFormat format, const RenderOptions& options,
                                          std::ostream& out) {
  switch (format) {
    case ReportFormat::kText:
      return TextWriter(out, options);
    case ReportFormat::kMarkdown:
      return MarkdownWriter(out, options);
    case ReportFormat::kJson:
      return JsonWriter(out, options);
    case ReportFormat::kCsv:
      return CsvWriter(out);
    case ReportFormat::kJunit:
      return JunitWriter(out);
    case ReportFormat::kSarif:
      return SarifWriter(out);
    case ReportFormat::kHtml:
    case ReportFormat::kOscal:
      break;
  }
  return nullptr;
}

}  // namespace

Result<std::vector<WaiverUse>> WriteReport(Database* db, const ReportRequest& request,
                                           std::ostream& out) {
  std::unique_ptr<FindingWriter> writer = MakeWriter(request.format, request.options, out);
  if (writer == nullptr)
    return Status::InvalidArgument("HTML and OSCAL reports are written by their own writers");
  // Pass one: every table, so the last one's waiver list counts them all. One matcher for every
  // benchmark: a waiver is unmatched only if it matched in none of them. A format that prints
  // no count and no waiver list skips it, and pass two's matcher keeps the tally.
  const bool counted = writer->Counted();
  const std::optional<FindingOrder> order = writer->Order();
  WaiverMatcher matcher(request.waivers, request.today);
  std::vector<ReportData> frames;
  std::vector<Comparison> tables;
  // A format printing findings in check order reads them once: pass one counts them as they are
  // spooled, and pass two replays the spool.
  std::vector<std::unique_ptr<FindingsByCheck>> spooled;
  for (const auto& benchmark : request.benchmarks) {
    ReportFilter filter = request.filter;
    filter.benchmark = benchmark;
    auto frame = LoadReportFrame(db, filter);
    if (!frame.ok()) return frame.status();
    const GroupBy by = request.group_by.value_or(DefaultGroupBy(*frame));
    std::unique_ptr<FindingsByCheck> held;
    Result<Comparison> table =
        !counted ? ComparisonBuilder(*frame, by).Finish()
        : order == FindingOrder::kByCheck
            ? SummarizeFindings(*frame, by, &matcher, request.statuses, SpoolWhileCounting(db, *frame, &held))
            : SummarizeBenchmark(db, *frame, by, &matcher, request.statuses);
    if (!table.ok()) return table.status();
    frames.push_back(std::move(*frame));
    tables.push_back(std::move(*table));
    spooled.push_back(std::move(held));
  }
  if (counted && !tables.empty()) tables.back().waivers = matcher.Uses();

  // Pass two: each table around the findings its format prints, as they arrive. After a pass
  // one, the matcher judges without counting: its tally already counts every finding once.
  for (size_t i = 0; i < tables.size(); ++i) {
    writer->Begin(tables[i]);
    if (order) {
      ReportFilter filter = request.filter;
      filter.benchmark = frames[i].benchmark;
      auto shown = [&](FindingRow&& f) {
        if (counted) {
          WaiveCounted(matcher, filter.benchmark, &f);
        } else {
          WaiveFinding(&matcher, filter.benchmark, &f);
        }
        if (StatusShown(request.statuses, f.status)) writer->Add(f);
      };
      Status s = spooled[i] ? spooled[i]->Replay(frames[i], shown) : ForEachFinding(db, filter, frames[i], shown, *order);
      if (!s.ok()) return s;
    }
    writer->End();
  }
  writer->Close();
  return matcher.Uses();
}

}  // namespace kubeproof
