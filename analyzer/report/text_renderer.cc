#include "analyzer/report/text_renderer.h"

#include <algorithm>
#include <map>

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/cell_format.h"
#include "analyzer/report/note_groups.h"
#include "analyzer/report/report_words.h"
#include "analyzer/report/waiver_list.h"

namespace kubeproof {
namespace {

constexpr size_t kGap = 2;
constexpr size_t kMinLabelWidth = 16;

std::string Pad(const std::string& text, size_t width, bool right) {
  size_t w = DisplayWidth(text);
  if (w >= width) return text;
  std::string fill(width - w, ' ');
  return right ? fill + text : text + fill;
}

std::string Colored(const std::string& text, const char* code, bool color) {
  if (!color || text.empty()) return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

const char* LevelColor(std::optional<int> level) {
  if (!level) return "2";
  static constexpr const char* kColors[] = {"32", "36", "33", "31"};
  return kColors[*level];
}

const char* StatusColor(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "32";
    case CheckStatus::kFail: return "31";
    case CheckStatus::kWaived: return "35";
    case CheckStatus::kManual: return "36";
    case CheckStatus::kUnverifiable: return "33";
  }
  return "0";
}

std::string GroupName(const Comparison& c) { return c.group_by == GroupBy::kCluster ? "cluster" : "node"; }

std::string NodeCounts(const StatusCounts& counts) {
  std::string out;
  for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kWaived, CheckStatus::kManual,
                        CheckStatus::kUnverifiable}) {
    if (counts.Get(s) == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(counts.Get(s)) + " " + std::string(CheckStatusName(s));
  }
  return out;
}

// Nodes whose version is outside the benchmark's range, or unknown, are named under the table.
void RenderNotes(const Comparison& c, std::string* out) {
  if (c.notes.empty()) return;
  *out += "\nbenchmark choice:\n";
  if (c.notes.size() > kListedNotes) {
    for (const NoteGroup& group : GroupNotes(c.notes)) {
      *out += "  " + Plural(group.nodes.size(), "node", "nodes") + ": " + group.note + "\n    " +
              NameSome(group.nodes, kNamedNodesPerNote) + "\n";
    }
    return;
  }
  for (const auto& note : c.notes) *out += "  " + note + "\n";
}

// Every bundle behind the table and who signed it; a fleet's as a count per signer.
void RenderBundles(const Comparison& c, std::string* out) {
  if (c.bundles.empty()) return;
  if (c.bundles.size() > kListedBundles) {
    *out += "\nbundles: " + Plural(c.bundles.size(), "bundle", "bundles") + ", the newest of each node\n";
    for (const SignerCount& s : CountSigners(c.bundles)) *out += "  " + std::to_string(s.bundles) + "  " + s.signer + "\n";
    *out += "  each one: kubeproof query --db FILE --name bundles\n";
    return;
  }
  // Three lines each, so a full SHA-256 and fingerprint fit 80 columns.
  *out += "\nbundles:\n";
  for (const NodeInfo& b : c.bundles) {
    *out += "  " + NodeLabel(b.cluster, b.node) + "  collected " + b.started_at + "\n    sha256 " + b.sha256 + "\n    " +
            SignerText(b) + "\n";
  }
}

void RenderWaivers(const Comparison& c, std::string* out) {
  if (c.waivers.empty()) return;
  if (c.waivers.size() > kListedWaivers) {
    *out += "\nwaivers: " + Plural(c.waivers.size(), "waiver", "waivers") + " in the file\n";
    for (const WaiverStateCount& n : CountWaiverStates(c.waivers)) {
      *out += "  " + Pad(std::string(WaiverStateName(n.state)), 9, false) + "  " + std::to_string(n.waivers) +
              (n.state == WaiverUse::State::kApplied ? ", waiving " + Plural(static_cast<std::size_t>(n.findings), "finding", "findings") : "") +
              "\n";
    }
    *out += "  each one: --format json or html\n";
    return;
  }
  *out += "\nwaivers:\n";
  for (const auto& use : c.waivers) {
    *out += "  " + Pad(std::string(WaiverStateName(use.state)), 9, false) + "  " + use.note + "\n";
  }
}

std::string RenderTable(const Comparison& c, const RenderOptions& o) {
  struct Row {
    std::string label;
    std::vector<Cell> cells;
    bool counts = false;  // a plain count row
  };
  std::vector<Row> rows;
  bool any_waived = false;
  size_t id_width = 0;
  for (const auto& s : c.sections) id_width = std::max(id_width, s.section.id.size());
  for (const auto& s : c.sections) {
    Row row{Pad(s.section.id, id_width, false) + "  " + s.section.title, {}, false};
    for (const auto& counts : s.columns) row.cells.push_back(FormatCell(counts, o));
    rows.push_back(std::move(row));
  }
  Row total{"total", {}, false};
  for (const auto& counts : c.totals) {
    total.cells.push_back(FormatCell(counts, o));
    any_waived = any_waived || counts.Get(CheckStatus::kWaived) > 0;
  }
  std::vector<std::pair<std::string, CheckStatus>> count_rows = {{"not verifiable", CheckStatus::kUnverifiable},
                                                                 {"manual", CheckStatus::kManual}};
  if (any_waived) count_rows.insert(count_rows.begin(), {"waived", CheckStatus::kWaived});
  std::vector<Row> tail;
  for (const auto& [label, status] : count_rows) {
    Row row{label, {}, true};
    for (const auto& counts : c.totals) row.cells.push_back(Cell{"", std::to_string(counts.Get(status)), "", std::nullopt});
    tail.push_back(std::move(row));
  }

  std::vector<size_t> widths;
  for (size_t col = 0; col < c.columns.size(); ++col) {
    size_t w = DisplayWidth(c.columns[col].name);
    for (const auto* group : {&rows, &tail}) {
      for (const auto& r : *group) w = std::max(w, DisplayWidth(r.cells[col].Text()));
    }
    w = std::max(w, DisplayWidth(total.cells[col].Text()));
    widths.push_back(w);
  }
  size_t cells_width = 0;
  for (size_t w : widths) cells_width += w + kGap;
  size_t label_width = 0;
  for (const auto& r : rows) label_width = std::max(label_width, DisplayWidth(r.label));
  size_t budget = static_cast<size_t>(std::max(o.width, 0));
  if (budget > cells_width) label_width = std::min(label_width, std::max(kMinLabelWidth, budget - cells_width));
  else label_width = std::min(label_width, kMinLabelWidth);
  label_width = std::max(label_width, DisplayWidth("not verifiable"));

  auto line = [&](const Row& r) {
    std::string out = Pad(Shorten(r.label, label_width, o.ascii), label_width, false);
    for (size_t col = 0; col < r.cells.size(); ++col) {
      const Cell& cell = r.cells[col];
      std::string plain = cell.Text();
      out += std::string(kGap, ' ') + std::string(widths[col] - std::min(widths[col], DisplayWidth(plain)), ' ');
      out += r.counts ? cell.symbol : cell.before + Colored(cell.symbol, LevelColor(cell.level), o.color) + cell.after;
    }
    return out + "\n";
  };

  std::string out = c.benchmark_title + ": share of recommendations met, by " + GroupName(c) + "\n\n";
  std::string header = Pad("section", label_width, false);
  for (size_t col = 0; col < c.columns.size(); ++col) header += std::string(kGap, ' ') + Pad(c.columns[col].name, widths[col], true);
  out += header + "\n";
  for (const auto& r : rows) out += line(r);
  std::string rule;
  for (size_t i = 0; i < DisplayWidth(header); ++i) rule += o.ascii ? "-" : "─";
  out += rule + "\n" + line(total);
  for (const auto& r : tail) out += line(r);

  const auto& t = o.thresholds;
  auto sym = [&](int level) { return std::string(RatingSymbol(level, o.ascii)); };
  std::string ge = o.ascii ? ">=" : "≥";
  out += "\ncell: met/verifiable, share met, rating; " + std::string(RatingSymbol(std::nullopt, o.ascii)) +
         " nothing could be verified\n";
  out += "rating: " + sym(0) + " " + ge + " " + std::to_string(t[0]) + "%  " + sym(1) + " " + ge + " " +
         std::to_string(t[1]) + "%  " + sym(2) + " " + ge + " " + std::to_string(t[2]) + "%  " + sym(3) + " below " +
         std::to_string(t[2]) + "%\n";
  if (c.group_by == GroupBy::kCluster) {
    out += "cluster: FAIL if a node fails, unverifiable if a node it runs on lacks evidence\n";
  }
  if (any_waived) {
    if (o.show_unwaived) {
      out += std::string("(n%): the share with waived findings counted as ") +
             (o.waived == WaivedCounting::kAsMet ? "failed" : "met") + "\n";
    } else if (o.waived == WaivedCounting::kAsMet) {
      out += "*: waived findings counted as met\n";
    } else {
      out += "waived findings counted as failed\n";
    }
  }
  RenderNotes(c, &out);
  RenderBundles(c, &out);
  RenderWaivers(c, &out);
  return out;
}

// Each table as the seed table, with the overview of several after the last; or, --detail,
// each check's findings as they stream, under the check and its column's roll-up.
class TextReport : public FindingWriter {
 public:
  TextReport(std::ostream& out, const RenderOptions& options) : out_(out), o_(options) {}

  std::optional<FindingOrder> Order() const override {
    return o_.detail ? std::optional(FindingOrder::kByCheck) : std::nullopt;
  }

  void Begin(const Comparison& c) override {
    if (tables_++ > 0) out_ << "\n";
    table_ = &c;
    if (!o_.detail) {
      out_ << RenderTable(c, o_);
      overview_.Add(c);
      return;
    }
    out_ << c.benchmark_title + ": findings by check and " + GroupName(c) + "\n";
    check_index_.clear();
    for (size_t i = 0; i < c.checks.size(); ++i) check_index_[c.checks[i].check.id] = i;
    check_ = column_ = kNone;
  }

  void Add(const FindingRow& f) override {
    const Comparison& c = *table_;
    auto check = check_index_.find(f.check_id);
    auto column = c.bundle_column.find(f.bundle_id);
    if (check == check_index_.end() || column == c.bundle_column.end()) return;
    std::string out;
    if (check->second != check_) {
      check_ = check->second;
      column_ = kNone;
      const CheckInfo& info = c.checks[check_].check;
      out += "\n" + info.id + "  " + info.title + (info.scored ? "" : " (not scored)") + "\n";
      out += "  expected     " + info.expected + "\n";
      out += "  remediation  " + info.remediation + "\n";
    }
    if (column->second != column_) {
      column_ = column->second;
      const auto& outcome = c.checks[check_].columns[column_];
      if (outcome) {
        std::string status(CheckStatusName(outcome->status));
        out += "  " + c.columns[column_].name + "  " + Colored(status, StatusColor(outcome->status), o_.color);
        if (c.group_by == GroupBy::kCluster) out += " (" + NodeCounts(outcome->nodes) + ")";
        out += "\n";
      }
    }
    std::string indent = c.group_by == GroupBy::kCluster ? "      " : "    ";
    if (c.group_by == GroupBy::kCluster) {
      out += "    " + f.node + "  " + Colored(std::string(CheckStatusName(f.status)), StatusColor(f.status), o_.color) + "\n";
    }
    if (!f.actual.empty()) out += indent + "actual   " + f.actual + "\n";
    if (!f.source.empty()) out += indent + "source   " + f.source + "\n";
    if (!f.reason.empty()) out += indent + "reason   " + f.reason + "\n";
    if (f.waiver) {
      out += indent + "waived   " + WaiverApproval(*f.waiver) + "\n";
    }
    out_ << out;
  }

  void End() override {
    if (!o_.detail) return;
    std::string out;
    RenderBundles(*table_, &out);
    RenderWaivers(*table_, &out);
    out_ << out;
  }

  void Close() override {
    if (!o_.detail) out_ << RenderTextOverview(overview_, o_);
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  std::ostream& out_;
  RenderOptions o_;
  int tables_ = 0;
  const Comparison* table_ = nullptr;  // Begin's, which outlives End
  Overview overview_;
  std::map<std::string, size_t> check_index_;
  size_t check_ = kNone;   // the check whose findings are being written
  size_t column_ = kNone;  // and its column
};

}  // namespace

std::string RenderText(const Comparison& comparison, const RenderOptions& options) {
  return RenderTable(comparison, options);
}

std::unique_ptr<FindingWriter> TextWriter(std::ostream& out, const RenderOptions& options) {
  return std::make_unique<TextReport>(out, options);
}

std::string RenderTextOverview(const Overview& overview, const RenderOptions& options) {
  if (!overview.Shown()) return "";
  const std::vector<OverviewRow>& rows = overview.rows;
  std::vector<std::vector<std::string>> lines = {
      {overview.group_by == GroupBy::kCluster ? "cluster" : "node", "benchmark", "met", "not verifiable", "manual"}};
  for (const auto& r : rows) {
    lines.push_back({r.column, r.benchmark, FormatCell(r.totals, options).Text(),
                     std::to_string(r.totals.Get(CheckStatus::kUnverifiable)),
                     std::to_string(r.totals.Get(CheckStatus::kManual))});
  }
  std::vector<size_t> widths(lines.front().size(), 0);
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(line[i]));
  }
  std::string out = "\nSide by side: each " + lines.front().front() + " against its own benchmark\n\n";
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      text += (i == 0 ? "" : std::string(kGap, ' ')) + Pad(line[i], widths[i], i >= 2);
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace kubeproof
