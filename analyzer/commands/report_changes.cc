#include "analyzer/commands/report_changes.h"

#include "analyzer/commands/command.h"
#include "analyzer/commands/output_file.h"
#include "analyzer/report/changes.h"
#include "analyzer/report/changes_renderer.h"
#include "analyzer/store/database.h"

namespace kubeproof {
namespace {

constexpr std::string_view kName = "report";

// Flags of the comparison table that mean nothing for changes: refused rather than ignored.
constexpr const char* kTableOnly[] = {"by",           "detail",        "section",    "check",
                                      "status",       "scored-only",   "waivers",    "as-of",
                                      "count-waived", "show-unwaived", "thresholds", "fail-on"};

int Exit(const Status& s) {
  return s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitError;
}

}  // namespace

int RunReportChanges(const Arguments& args, ReportFormat format,
                     const std::optional<std::string>& output, const ReportFilter& scope) {
  for (const char* flag : kTableOnly) {
    if (args.Has(flag))
      return Fail(kName, "--" + std::string(flag) + " does not apply to --changes", kExitUsage);
  }
  ChangesFilter filter;
  filter.nodes = scope.nodes;
  filter.clusters = scope.clusters;
  filter.benchmark = args.Get("benchmark");
  filter.since = args.Get("since");
  if (filter.since) {
    if (auto since = ParseSince(*filter.since); !since.ok())
      return Fail(kName, since.status().message(), kExitUsage);
  }
  std::string (*render)(const Changes&) = nullptr;
  switch (format) {
    case ReportFormat::kText:
      render = RenderChangesText;
      break;
    case ReportFormat::kMarkdown:
      render = RenderChangesMarkdown;
      break;
    case ReportFormat::kJson:
      render = RenderChangesJson;
      break;
    case ReportFormat::kCsv:
    case ReportFormat::kJunit:
    case ReportFormat::kSarif:
    case ReportFormat::kOscal:
    case ReportFormat::kHtml:  // the HTML report holds the changes as a section: RunReport writes it
      break;
  }
  if (render == nullptr)
    return Fail(kName, "--changes is shown as text, markdown, json or html", kExitUsage);

  auto db = Database::Open(*args.Get("db"), Database::Mode::kReport);
  if (!db.ok()) return Fail(kName, db.status().message(), kExitError);
  auto changes = LoadChanges(db->get(), filter);
  if (!changes.ok()) return Fail(kName, changes.status().message(), Exit(changes.status()));
  std::string text = render(*changes);

  if (Status written = WriteReportText(output, text); !written.ok()) return Fail(kName, written.message(), kExitError);
  return kExitOk;
}

}  // namespace kubeproof
