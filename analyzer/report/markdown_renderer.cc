#include "analyzer/report/markdown_renderer.h"

#include <algorithm>
#include <map>

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/cell_format.h"
#include "analyzer/report/note_groups.h"
#include "analyzer/report/report_words.h"
#include "analyzer/report/waiver_list.h"

namespace kubeproof {
namespace {

// A table cell: pipes and emphasis marks escaped, line breaks as <br>.
std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_') out += std::string("\\") + c;
    else if (c == '\n') out += "<br>";
    else if (c != '\r') out += c;
  }
  return out;
}

std::string Row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string GroupName(const Comparison& c) { return c.group_by == GroupBy::kCluster ? "cluster" : "node"; }

// Every bundle behind the table and who signed it; a fleet's as a count per signer.
void Bundles(const Comparison& c, std::string* out) {
  if (c.bundles.empty()) return;
  *out += "\n## Bundles\n\n";
  if (c.bundles.size() > kListedBundles) {
    *out += Plural(c.bundles.size(), "bundle", "bundles") + ", the newest of each node; each one: " +
            "`kubeproof query --db FILE --name bundles`.\n\n" + Row({"bundles", "signed by"}) + Row({"---:", "---"});
    for (const SignerCount& s : CountSigners(c.bundles)) *out += Row({std::to_string(s.bundles), Escape(s.signer)});
    return;
  }
  *out += Row({"node", "collected", "SHA-256", "signed by"}) + Row({"---", "---", "---", "---"});
  for (const NodeInfo& b : c.bundles) {
    *out += Row({Escape(NodeLabel(b.cluster, b.node)), b.started_at, "`" + b.sha256 + "`", Escape(SignerText(b))});
  }
}

void Waivers(const Comparison& c, std::string* out) {
  if (c.waivers.empty()) return;
  if (c.waivers.size() > kListedWaivers) {
    *out += "\n## Waivers\n\n" + Plural(c.waivers.size(), "waiver", "waivers") +
            " in the file; the JSON and HTML reports list each one.\n\n" + Row({"state", "waivers", "findings waived"}) +
            Row({"---", "---:", "---:"});
    for (const WaiverStateCount& n : CountWaiverStates(c.waivers)) {
      *out += Row({std::string(WaiverStateName(n.state)), std::to_string(n.waivers), std::to_string(n.findings)});
    }
    return;
  }
  *out += "\n## Waivers\n\n" + Row({"state", "waiver"}) + Row({"---", "---"});
  for (const auto& use : c.waivers) *out += Row({std::string(WaiverStateName(use.state)), Escape(use.note)});
}

std::string Table(const Comparison& c, const RenderOptions& o) {
  std::string out = "# " + c.benchmark_title + ": share of recommendations met, by " + GroupName(c) + "\n\n";
  std::vector<std::string> header = {"section"};
  std::vector<std::string> align = {"---"};
  for (const auto& col : c.columns) {
    header.push_back(Escape(col.name));
    align.push_back("---:");
  }
  out += Row(header) + Row(align);
  for (const auto& s : c.sections) {
    std::vector<std::string> cells = {Escape(s.section.id + " " + s.section.title)};
    for (const auto& counts : s.columns) cells.push_back(Escape(FormatCell(counts, o).Text()));
    out += Row(cells);
  }
  std::vector<std::string> total = {"**total**"};
  bool any_waived = false;
  for (const auto& counts : c.totals) {
    total.push_back("**" + Escape(FormatCell(counts, o).Text()) + "**");
    any_waived = any_waived || counts.Get(CheckStatus::kWaived) > 0;
  }
  out += Row(total);
  std::vector<std::pair<std::string, CheckStatus>> count_rows = {{"not verifiable", CheckStatus::kUnverifiable},
                                                                 {"manual", CheckStatus::kManual}};
  if (any_waived) count_rows.insert(count_rows.begin(), {"waived", CheckStatus::kWaived});
  for (const auto& [label, status] : count_rows) {
    std::vector<std::string> cells = {label};
    for (const auto& counts : c.totals) cells.push_back(std::to_string(counts.Get(status)));
    out += Row(cells);
  }
  const auto& t = o.thresholds;
  auto sym = [&](int level) { return std::string(RatingSymbol(level, o.ascii)); };
  std::string ge = o.ascii ? ">=" : "≥";
  out += "\nEach cell: recommendations met/verifiable, share met, rating (" + sym(0) + " " + ge + " " +
         std::to_string(t[0]) + "%, " + sym(1) + " " + ge + " " + std::to_string(t[1]) + "%, " + sym(2) + " " + ge +
         " " + std::to_string(t[2]) + "%, " + sym(3) + " below); " + std::string(RatingSymbol(std::nullopt, o.ascii)) +
         " when nothing could be verified.";
  if (c.group_by == GroupBy::kCluster) {
    out += " A check counts as failed in a cluster if any node fails it, as not verifiable if a node running its"
           " component lacks evidence, and as met only if every node running its component passes.";
  }
  if (any_waived) {
    out += o.show_unwaived ? std::string(" (n%): the share with waived findings counted as ") +
                                 (o.waived == WaivedCounting::kAsMet ? "failed." : "met.")
           : o.waived == WaivedCounting::kAsMet ? " \\*: waived findings counted as met."
                                                : " Waived findings counted as failed.";
  }
  out += "\n";
  if (!c.notes.empty()) {
    out += "\n## Benchmark choice\n\n";
    if (c.notes.size() > kListedNotes) {
      for (const NoteGroup& group : GroupNotes(c.notes)) {
        out += "- " + Plural(group.nodes.size(), "node", "nodes") + " (" + Escape(NameSome(group.nodes, kNamedNodesPerNote)) +
               "): " + Escape(group.note) + "\n";
      }
    } else {
      for (const auto& note : c.notes) out += "- " + Escape(note) + "\n";
    }
  }
  Bundles(c, &out);
  Waivers(c, &out);
  return out;
}

// Each table as the seed table, with the overview of several after the last; or, --detail,
// each check's findings as they stream, a row each, under the check.
class MarkdownReport : public FindingWriter {
 public:
  MarkdownReport(std::ostream& out, const RenderOptions& options) : out_(out), o_(options) {}

  std::optional<FindingOrder> Order() const override {
    return o_.detail ? std::optional(FindingOrder::kByCheck) : std::nullopt;
  }

  void Begin(const Comparison& c) override {
    if (tables_++ > 0) out_ << "\n";
    table_ = &c;
    if (!o_.detail) {
      out_ << Table(c, o_);
      overview_.Add(c);
      return;
    }
    out_ << "# " + c.benchmark_title + ": findings by check and " + GroupName(c) + "\n";
    check_index_.clear();
    for (size_t i = 0; i < c.checks.size(); ++i) check_index_[c.checks[i].check.id] = i;
    check_ = kNone;
  }

  void Add(const FindingRow& f) override {
    const Comparison& c = *table_;
    auto check = check_index_.find(f.check_id);
    auto column = c.bundle_column.find(f.bundle_id);
    if (check == check_index_.end() || column == c.bundle_column.end()) return;
    std::string out;
    if (check->second != check_) {
      check_ = check->second;
      const CheckInfo& i = c.checks[check_].check;
      out += "\n## " + i.id + " " + Escape(i.title) + (i.scored ? "" : " (not scored)") + "\n\n";
      out += "Expected: " + Escape(i.expected) + "  \nRemediation: " + Escape(i.remediation) + "\n\n";
      out += Row({GroupName(c), "node", "status", "actual", "source", "reason"}) +
             Row({"---", "---", "---", "---", "---", "---"});
    }
    const auto& outcome = c.checks[check_].columns[column->second];
    std::string rolled_up(CheckStatusName(outcome ? outcome->status : f.status));
    std::string reason = f.reason;
    if (f.waiver) {
      reason += (reason.empty() ? "" : "; ") + std::string("waived: ") + WaiverApproval(*f.waiver);
    }
    out += Row({Escape(c.columns[column->second].name) + " (" + rolled_up + ")", Escape(f.node),
                std::string(CheckStatusName(f.status)), Escape(f.actual), Escape(f.source), Escape(reason)});
    out_ << out;
  }

  void End() override {
    if (!o_.detail) return;
    std::string out;
    Bundles(*table_, &out);
    Waivers(*table_, &out);
    out_ << out;
  }

  void Close() override {
    if (!o_.detail) out_ << RenderMarkdownOverview(overview_, o_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  std::ostream& out_;
  RenderOptions o_;
  int tables_ = 0;
  const Comparison* table_ = nullptr;  // Begin's, which outlives End
  Overview overview_;
  std::map<std::string, size_t> check_index_;
  size_t check_ = kNone;  // the check whose findings are being written
};

}  // namespace

std::string RenderMarkdown(const Comparison& comparison, const RenderOptions& options) {
  return Table(comparison, options);
}

std::unique_ptr<FindingWriter> MarkdownWriter(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<MarkdownReport>(out, options);
}

std::string RenderMarkdownOverview(const Overview& overview, const RenderOptions& options) {
  if (!overview.Shown()) return "";
  const std::vector<OverviewRow>& rows = overview.rows;
  std::string group = overview.group_by == GroupBy::kCluster ? "cluster" : "node";
  std::string out = "\n## Side by side: each " + group + " against its own benchmark\n\n";
  out += Row({group, "benchmark", "met", "not verifiable", "manual"});
  out += "|---|---|---:|---:|---:|\n";
  for (const auto& r : rows) {
    out += Row({Escape(r.column), Escape(r.benchmark), Escape(FormatCell(r.totals, options).Text()),
                std::to_string(r.totals.Get(CheckStatus::kUnverifiable)),
                std::to_string(r.totals.Get(CheckStatus::kManual))});
  }
  return out;
}

std::string MarkdownCell(const std::string& text) { return Escape(text); }

}  // namespace kubeproof
