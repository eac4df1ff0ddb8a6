#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include "analyzer/commands/arguments.h"
#include "analyzer/commands/command.h"
#include "analyzer/commands/output_file.h"
#include "analyzer/commands/report_changes.h"
#include "analyzer/commands/report_signing.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/oscal_report.h"
#include "analyzer/report/report_data.h"
#include "analyzer/report/report_format.h"
#include "analyzer/report/streamed_report.h"
#include "analyzer/report/summary.h"
#include "analyzer/report/terminal.h"
#include "analyzer/report/waiver_list.h"
#include "analyzer/store/database.h"
#include "analyzer/waivers/waiver.h"
#include "analyzer/waivers/waiver_matcher.h"
#include "common/key_files.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

constexpr std::string_view kName = "report";

std::vector<OptionSpec> ReportSpecs() {
  return {
      {"db", true, false, "the database to report on", "FILE"},
      {"format", true, false, "text (default), markdown, json, csv, junit, sarif, html (one self-contained file) or oscal (OSCAL 1.0.6 assessment results)", "FORMAT"},
      {"output", true, false, "write the report to FILE instead of standard output", "FILE"},
      {"o", true, false, "same as --output", "FILE"},
      {"by", true, false, "columns per cluster (default when every bundle names one) or per node", "cluster|node"},
      {"detail", false, false, "per check and column: status, expected, actual, source, reason, remediation"},
      {"benchmark", true, false, "the benchmark to report (default: each one evaluated, as a table of its own)", "ID"},
      {"section", true, true, "only these sections; 1 means 1.1 to 1.4 (repeatable, or comma-separated)", "ID"},
      {"check", true, true, "only these checks; implies --detail for text and markdown", "ID"},
      {"status", true, true, "only findings with these statuses, after waivers", "STATUS"},
      {"node", true, true, "only these nodes", "NAME"},
      {"cluster", true, true, "only these clusters", "NAME"},
      {"scored-only", false, false, "leave out checks the benchmark does not score"},
      {"waivers", true, false, "apply the waivers in FILE (YAML or JSON, see schema/REPORT.md)", "FILE"},
      {"as-of", true, false, "judge waiver expiry on this date instead of today", "YYYY-MM-DD"},
      {"count-waived", true, false, "count waived findings as met (default) or as failed in the shares", "met|failed"},
      {"show-unwaived", false, false, "also show each share as it would be counted the other way"},
      {"thresholds", true, false, "lower bounds of the ratings, best first (default 80,50,20)", "A,B,C"},
      {"ascii", false, false, "ASCII symbols (automatic when the locale is not UTF-8)"},
      {"fail-on", true, true, "exit 1 when a finding of the chosen nodes has this status, whatever is shown: fail, unverifiable, manual, waived", "STATUS"},
      {"changes", false, false, "what changed since the previous audit: per node the checks whose status changed, nodes that appeared or vanished"},
      {"since", true, false, "with --changes: compare each node's newest bundle with its newest collected before DATE (implies --changes; with html, the audit its changes section compares with)", "DATE"},
      {"sign-key", true, false, "sign the report with this Ed25519 private key: writes the signature to FILE.sig beside -o FILE (kubeproof verify-report checks it)", "KEY"},
      {"help", false, false, "show this help"},
  };
}

std::vector<std::string> SplitList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

Result<std::vector<CheckStatus>> ParseStatuses(const std::vector<std::string>& words, const std::string& flag) {
  std::vector<CheckStatus> out;
  for (const auto& w : SplitList(words)) {
    std::string upper;
    for (char c : w) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    auto s = ParseCheckStatus(upper);
    if (!s) return Status::InvalidArgument("--" + flag + ": unknown status " + w + " (PASS, FAIL, MANUAL, UNVERIFIABLE, WAIVED)");
    out.push_back(*s);
  }
  return out;
}

std::string DateUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

std::string TodayUtc() { return DateUtc(std::time(nullptr)); }

// When a report was made: SOURCE_DATE_EPOCH when set, so a report can be reproduced byte for
// byte, else now.
Result<std::time_t> ReportTime() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return std::time(nullptr);
  std::string text(epoch);
  if (text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("SOURCE_DATE_EPOCH must be seconds since 1970, not " + text);
  }
  return static_cast<std::time_t>(std::stoll(text));
}

// The time a report's signature states.
Result<std::string> GeneratedAt() {
  auto time = ReportTime();
  if (!time.ok()) return time.status();
  return FormatUtc(*time);
}

// The date an HTML or OSCAL report says it was generated on.
Result<std::string> GeneratedOn() {
  auto time = ReportTime();
  if (!time.ok()) return time.status();
  return DateUtc(*time);
}

// Text, Markdown, CSV and HTML show several benchmarks one after another; the others hold one.
bool HoldsSeveralBenchmarks(ReportFormat format) {
  return format == ReportFormat::kText || format == ReportFormat::kMarkdown || format == ReportFormat::kCsv ||
         format == ReportFormat::kHtml;
}

int StatusExit(const Status& s) {
  return s.code() == Status::Code::kInvalidArgument ? kExitUsage : kExitError;
}

// --fail-on judges every finding of the nodes the report is about (--node, --cluster) after
// waivers: the display filters (--section, --check, --status, --scored-only) never change the exit.
Result<bool> FailOnMatches(Database* db, const ReportFilter& display, const WaiverList& waivers,
                           const std::string& today, const std::vector<CheckStatus>& fail_on) {
  if (fail_on.empty()) return false;
  ReportFilter all;
  all.benchmark = display.benchmark;
  all.nodes = display.nodes;
  all.clusters = display.clusters;
  auto frame = LoadReportFrame(db, all);
  if (!frame.ok()) return frame.status();
  WaiverMatcher matcher(waivers, today);
  bool matched = false;
  Status s = ForEachFindingStatus(db, *frame, [&](FindingRow&& f) {
    if (matched) return;
    WaiveFinding(&matcher, all.benchmark, &f);
    matched = std::find(fail_on.begin(), fail_on.end(), f.status) != fail_on.end();
  });
  if (!s.ok()) return s;
  return matched;
}

// The display filters in force, for the HTML report's header and the OSCAL result's description.
std::vector<std::string> DescribeFilters(const ReportFilter& f, const std::vector<CheckStatus>& statuses) {
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
  };
  std::vector<std::string> out;
  if (!f.sections.empty()) out.push_back("sections " + join(f.sections));
  if (!f.checks.empty()) out.push_back("checks " + join(f.checks));
  if (!statuses.empty()) {
    std::vector<std::string> names;
    for (CheckStatus s : statuses) names.emplace_back(CheckStatusName(s));
    out.push_back("statuses " + join(names));
  }
  if (!f.nodes.empty()) out.push_back("nodes " + join(f.nodes));
  if (!f.clusters.empty()) out.push_back("clusters " + join(f.clusters));
  if (f.scored_only) out.push_back("scored checks only");
  return out;
}

// One line per waiver that waived nothing; a fleet's file names the first ones and counts the rest.
void WarnUnusedWaivers(const std::vector<WaiverUse>& uses) {
  std::size_t unused = 0;
  for (const auto& use : uses) {
    if (use.state == WaiverUse::State::kApplied) continue;
    if (++unused <= kListedWaivers) std::cerr << "kubeproof report: waiver " << use.waiver->origin << ": " << use.note << "\n";
  }
  if (unused > kListedWaivers) {
    std::cerr << "kubeproof report: and " << unused - kListedWaivers
              << " more waivers that waived nothing; the JSON and HTML reports list each one\n";
  }
}

// A report writes to its file (or standard output) while it reads the database; --fail-on is
// judged first, over every benchmark shown.
using StreamedReport = std::function<Result<std::vector<WaiverUse>>(std::ostream&)>;

int WriteStreamed(Database* db, const ReportFilter& scope, const std::vector<std::string>& benchmarks,
                  const WaiverList& waivers, const std::string& today, const std::optional<std::string>& output,
                  const std::vector<CheckStatus>& fail_on, const StreamedReport& report) {
  bool failing = false;
  for (const auto& benchmark : benchmarks) {
    ReportFilter filter = scope;
    filter.benchmark = benchmark;
    auto fails = FailOnMatches(db, filter, waivers, today, fail_on);
    if (!fails.ok()) return Fail(kName, fails.status().message(), StatusExit(fails.status()));
    failing = failing || *fails;
  }
  std::vector<WaiverUse> uses;
  auto write = [&](std::ostream& out) -> Status {
    auto written = report(out);
    if (!written.ok()) return written.status();
    uses = std::move(*written);
    return Status::Ok();
  };
  Status s = output ? WriteFileAtomically(*output, write) : write(std::cout);
  if (s.ok() && !output && !(std::cout << std::flush)) s = Status::IoError("cannot write the report to standard output");
  if (!s.ok()) return Fail(kName, s.message(), StatusExit(s));
  WarnUnusedWaivers(uses);
  return failing ? kExitRejected : kExitOk;
}

// The report as the flags ask, written to `output` or standard output.
int ProduceReport(const Arguments* args, const std::optional<std::string>& output);

}  // namespace

int RunReport(const std::vector<std::string>& words) {
  std::vector<OptionSpec> specs = ReportSpecs();
  auto args = Arguments::Parse(words, specs);
  if (!args.ok()) return Fail(kName, args.status().message(), kExitUsage);
  if (args->Has("help")) {
    std::cout << "usage: kubeproof report --db FILE [flags]\n\n"
                 "Prints the share of recommendations met per section, side by side per cluster or node,\n"
                 "or the findings behind it (--detail). Exit status 0 whatever the findings, unless\n"
                 "--fail-on matches (1); 2 for a bad command line, 3 for a database or file error.\n"
                 "Formats are documented in schema/REPORT.md.\n\nflags:\n"
              << FlagHelp(specs);
    return kExitOk;
  }
  if (!args->positional().empty()) return Fail(kName, "unexpected argument " + args->positional()[0], kExitUsage);
  auto db_path = args->Get("db");
  if (!db_path) return Fail(kName, "--db FILE is required", kExitUsage);
  if (args->Has("o") && args->Has("output")) return Fail(kName, "give -o or --output, not both", kExitUsage);
  auto output = args->Has("o") ? args->Get("o") : args->Get("output");
  auto key_path = args->Get("sign-key");
  if (!key_path) return ProduceReport(&*args, output);

  // Signed: the key is read before anything is written, and a report whose signature could not
  // be written is removed with it.
  if (!output) return Fail(kName, "--sign-key needs -o FILE: the signature is written beside it, to FILE.sig", kExitUsage);
  auto key = ReadPrivateKeyFile(*key_path);
  if (!key.ok()) return Fail(kName, "--sign-key " + key.status().message(), StatusExit(key.status()));
  auto signed_at = GeneratedAt();
  if (!signed_at.ok()) return Fail(kName, signed_at.status().message(), kExitUsage);
  const int code = ProduceReport(&*args, output);
  if (code != kExitOk && code != kExitRejected) return code;
  ReportFilter scope;
  scope.nodes = SplitList(args->GetAll("node"));
  scope.clusters = SplitList(args->GetAll("cluster"));
  auto db = Database::Open(*args->Get("db"), Database::Mode::kReport);
  Status s = db.ok() ? SignReportFile(*output, *key, db->get(), scope, args->Get("benchmark"), *signed_at) : db.status();
  if (!s.ok()) {
    std::remove(output->c_str());
    return Fail(kName, "signing " + *output + ": " + s.message() + " (the report was removed)", kExitError);
  }
  std::cerr << "kubeproof report: signed " << *output << " with " << Fingerprint(key->public_key()) << " -> " << *output
            << ".sig\n";
  return code;
}

namespace {

int ProduceReport(const Arguments* args, const std::optional<std::string>& output) {
  auto db_path = args->Get("db");

  ReportFormat format = ReportFormat::kText;
  if (auto f = args->Get("format")) {
    auto parsed = ParseReportFormat(*f);
    if (!parsed.ok()) return Fail(kName, parsed.status().message(), kExitUsage);
    format = *parsed;
  }
  std::optional<GroupBy> group_by;
  if (auto by = args->Get("by")) {
    if (*by == "cluster") group_by = GroupBy::kCluster;
    else if (*by == "node") group_by = GroupBy::kNode;
    else return Fail(kName, "--by takes cluster or node, not " + *by, kExitUsage);
  }
  RenderOptions options;
  options.ascii = args->Has("ascii") || !EnvironmentIsUtf8();
  options.color = !output && ColorWanted(::isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR"));
  options.detail = args->Has("detail") || args->Has("check");
  options.show_unwaived = args->Has("show-unwaived");
  if (auto t = args->Get("thresholds")) {
    auto parsed = ParseThresholds(*t);
    if (!parsed.ok()) return Fail(kName, parsed.status().message(), kExitUsage);
    options.thresholds = *parsed;
  }
  if (auto counting = args->Get("count-waived")) {
    if (*counting == "met") options.waived = WaivedCounting::kAsMet;
    else if (*counting == "failed") options.waived = WaivedCounting::kAsFailed;
    else return Fail(kName, "--count-waived takes met or failed, not " + *counting, kExitUsage);
  }
  auto statuses = ParseStatuses(args->GetAll("status"), "status");
  if (!statuses.ok()) return Fail(kName, statuses.status().message(), kExitUsage);
  auto fail_on = ParseStatuses(args->GetAll("fail-on"), "fail-on");
  if (!fail_on.ok()) return Fail(kName, fail_on.status().message(), kExitUsage);
  std::string today = TodayUtc();
  if (auto as_of = args->Get("as-of")) {
    if (!IsIsoDate(*as_of)) return Fail(kName, "--as-of wants a date YYYY-MM-DD, not " + *as_of, kExitUsage);
    if (!args->Has("waivers")) return Fail(kName, "--as-of only matters with --waivers", kExitUsage);
    today = *as_of;
  }

  ReportFilter filter;
  filter.sections = SplitList(args->GetAll("section"));
  filter.checks = SplitList(args->GetAll("check"));
  filter.nodes = SplitList(args->GetAll("node"));
  filter.clusters = SplitList(args->GetAll("cluster"));
  filter.scored_only = args->Has("scored-only");

  // What changed between audits is a report of its own (report_changes.cc); the HTML report holds
  // it as its last section, against the audit --since names.
  if ((args->Has("changes") || args->Has("since")) && format != ReportFormat::kHtml) {
    return RunReportChanges(*args, format, output, filter);
  }

  WaiverList waivers = NoWaivers();
  if (auto path = args->Get("waivers")) {
    auto loaded = LoadWaivers(*path);
    if (!loaded.ok()) return Fail(kName, loaded.status().message(), StatusExit(loaded.status()));
    waivers = std::make_shared<const std::vector<Waiver>>(std::move(*loaded));
  }

  auto db = Database::Open(*db_path, Database::Mode::kReport);
  if (!db.ok()) return Fail(kName, db.status().message(), kExitError);
  auto benchmarks = BenchmarksToReport(db->get(), filter, args->Get("benchmark"));
  if (!benchmarks.ok()) return Fail(kName, benchmarks.status().message(), StatusExit(benchmarks.status()));
  if (benchmarks->size() > 1 && !HoldsSeveralBenchmarks(format)) {
    std::string ids;
    for (const auto& id : *benchmarks) ids += (ids.empty() ? "" : ", ") + id;
    return Fail(kName, "several benchmarks were evaluated (" + ids + ") and this format holds one; choose it with --benchmark",
                kExitUsage);
  }
  if (format == ReportFormat::kHtml) {
    HtmlReportRequest request;
    request.filter = filter;
    request.benchmarks = *benchmarks;
    request.group_by = group_by.value_or(GroupBy::kCluster);
    request.statuses = *statuses;
    request.waivers = waivers;
    request.today = today;
    request.options = options;
    request.options.ascii = false;  // the file is UTF-8 whatever the terminal
    auto generated = GeneratedOn();
    if (!generated.ok()) return Fail(kName, generated.status().message(), kExitUsage);
    request.context.generated_on = *generated;
    request.context.filters = DescribeFilters(filter, *statuses);
    if (auto path = args->Get("waivers")) request.context.waivers = *path + ", judged on " + today;
    request.changes.nodes = filter.nodes;
    request.changes.clusters = filter.clusters;
    request.changes.benchmark = args->Get("benchmark");
    request.changes.since = args->Get("since");
    return WriteStreamed(db->get(), request.filter, request.benchmarks, waivers, today, output, *fail_on,
                         [&](std::ostream& out) { return WriteHtmlReport(db->get(), request, out); });
  }
  if (format == ReportFormat::kOscal) {
    OscalReportRequest request;
    request.filter = filter;
    request.filter.benchmark = benchmarks->front();
    request.statuses = *statuses;
    request.waivers = waivers;
    request.today = today;
    auto generated = GeneratedOn();
    if (!generated.ok()) return Fail(kName, generated.status().message(), kExitUsage);
    request.generated_on = *generated;
    request.filters = DescribeFilters(filter, *statuses);
    if (auto path = args->Get("waivers")) request.waiver_file = *path + ", judged on " + today;
    return WriteStreamed(db->get(), filter, *benchmarks, waivers, today, output, *fail_on,
                         [&](std::ostream& out) { return WriteOscalReport(db->get(), request, out); });
  }
  ReportRequest request;
  request.filter = filter;
  request.benchmarks = *benchmarks;
  request.group_by = group_by;
  request.statuses = *statuses;
  request.waivers = waivers;
  request.today = today;
  request.format = format;
  request.options = options;
  return WriteStreamed(db->get(), filter, *benchmarks, waivers, today, output, *fail_on,
                       [&](std::ostream& out) { return WriteReport(db->get(), request, out); });
}

}  // namespace
}  // namespace kubeproof
