#include "analyzer/report/changes_renderer.h"

#include <nlohmann/json.hpp>

#include "analyzer/report/markdown_renderer.h"
#include "analyzer/report/report_words.h"

namespace kubeproof {
namespace {

using nlohmann::ordered_json;

constexpr const char* kTitle = "Changes since the previous audit";
constexpr const char* kStoredStatuses = "statuses as stored, waivers not applied";
constexpr const char* kNoPrevious = "no earlier audit in the database";

std::string StatusText(CheckStatus s) { return std::string(CheckStatusName(s)); }

// One line of text: a value spanning lines has its line breaks and tabs as spaces.
std::string OneLine(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

std::string Actual(const std::string& value) { return value.empty() ? "(none)" : OneLine(value); }

std::string Bundle(const BundleRef& b) {
  return "bundle " + std::to_string(b.bundle_id) + " (collected at " + b.started_at + ")";
}

int Count(const Changes& c, NodeChange::Kind kind) {
  int n = 0;
  for (const auto& node : c.nodes) n += node.kind == kind ? 1 : 0;
  return n;
}

// "3 nodes compared: 1 changed, 2 unchanged; 1 appeared, 1 vanished".
std::string Summary(const Changes& c) {
  const int changed = Count(c, NodeChange::Kind::kChanged);
  return Plural(c.nodes_compared, "node", "nodes") + " compared: " + std::to_string(changed) +
         " changed, " + std::to_string(c.nodes_compared - changed) + " unchanged; " +
         std::to_string(Count(c, NodeChange::Kind::kAppeared)) + " appeared, " +
         std::to_string(Count(c, NodeChange::Kind::kVanished)) + " vanished";
}

void TextNode(const NodeChange& n, std::string* out) {
  *out += "\n" + NodeLabel(n.cluster, n.node) + ": " + Bundle(*n.before) + " -> " +
          Bundle(*n.after) + "\n";
  std::string benchmark;
  for (const auto& c : n.checks) {
    if (c.benchmark != benchmark) *out += "  " + c.benchmark + "\n";
    benchmark = c.benchmark;
    *out += "    " + c.check_id + "  " + StatusText(c.before) + " -> " + StatusText(c.after) +
            "  actual: " + Actual(c.actual_before) + " -> " + Actual(c.actual_after) + "\n";
    const std::string indent(4 + c.check_id.size() + 2, ' ');
    *out += indent + OneLine(c.title) + "\n";
    if (!c.reason_after.empty()) *out += indent + "reason now: " + OneLine(c.reason_after) + "\n";
    if (!c.source_after.empty()) *out += indent + "source now: " + OneLine(c.source_after) + "\n";
  }
  for (const auto& note : n.notes) *out += "  note: " + note + "\n";
}

void TextNodeList(const Changes& c, NodeChange::Kind kind, std::string* out) {
  const bool appeared = kind == NodeChange::Kind::kAppeared;
  if (Count(c, kind) == 0) return;
  *out += appeared ? "\nappeared (no earlier bundle):\n"
                   : "\nvanished (in the previous audit, not in this one):\n";
  for (const auto& n : c.nodes) {
    if (n.kind != kind) continue;
    *out += "  " + NodeLabel(n.cluster, n.node) + ": " +
            (appeared ? Bundle(*n.after) : "last " + Bundle(*n.before)) + "\n";
  }
}

std::string MarkdownBundle(const BundleRef& b) {
  return "bundle " + std::to_string(b.bundle_id) + " (collected at " + MarkdownCell(b.started_at) +
         ")";
}

std::string Row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out + "\n";
}

void MarkdownNode(const NodeChange& n, std::string* out) {
  *out += "\n## " + MarkdownCell(NodeLabel(n.cluster, n.node)) + "\n\n" +
          MarkdownBundle(*n.before) + " -> " + MarkdownBundle(*n.after) + "\n";
  if (!n.checks.empty()) {
    *out += "\n" +
            Row({"benchmark", "check", "title", "before", "after", "actual before", "actual after",
                 "reason now", "source now"}) +
            Row({"---", "---", "---", "---", "---", "---", "---", "---", "---"});
  }
  for (const auto& c : n.checks) {
    *out += Row({MarkdownCell(c.benchmark), MarkdownCell(c.check_id), MarkdownCell(c.title),
                 StatusText(c.before), StatusText(c.after), MarkdownCell(c.actual_before),
                 MarkdownCell(c.actual_after), MarkdownCell(c.reason_after),
                 MarkdownCell(c.source_after)});
  }
  if (!n.notes.empty()) *out += "\n";
  for (const auto& note : n.notes) *out += "- " + MarkdownCell(note) + "\n";
}

void MarkdownNodeList(const Changes& c, NodeChange::Kind kind, std::string* out) {
  const bool appeared = kind == NodeChange::Kind::kAppeared;
  if (Count(c, kind) == 0) return;
  *out += appeared
              ? "\n## Appeared (no earlier bundle)\n\n" + Row({"node", "bundle", "collected at"})
              : "\n## Vanished (in the previous audit, not in this one)\n\n" +
                    Row({"node", "last bundle", "collected at"});
  *out += Row({"---", "---:", "---"});
  for (const auto& n : c.nodes) {
    if (n.kind != kind) continue;
    const BundleRef& b = appeared ? *n.after : *n.before;
    *out += Row({MarkdownCell(NodeLabel(n.cluster, n.node)), std::to_string(b.bundle_id),
                 MarkdownCell(b.started_at)});
  }
}

ordered_json JsonBundle(const std::optional<BundleRef>& b) {
  if (!b) return nullptr;
  return {{"bundle_id", b->bundle_id},
          {"sha256", b->sha256},
          {"started_at", b->started_at},
          {"ingest_run", b->ingest_run ? ordered_json(*b->ingest_run) : ordered_json(nullptr)},
          {"ingested_at", b->ingested_at}};
}

const char* KindName(NodeChange::Kind kind) {
  switch (kind) {
    case NodeChange::Kind::kChanged:
      return "changed";
    case NodeChange::Kind::kAppeared:
      return "appeared";
    case NodeChange::Kind::kVanished:
      return "vanished";
  }
  return "changed";
}

}  // namespace

std::string RenderChangesText(const Changes& c) {
  std::string out = std::string(kTitle) + ": " + c.baseline + "\n";
  if (!c.has_previous) return out + kNoPrevious + "\n";
  out += std::string("(") + kStoredStatuses + ")\n";
  for (const auto& n : c.nodes) {
    if (n.kind == NodeChange::Kind::kChanged) TextNode(n, &out);
  }
  TextNodeList(c, NodeChange::Kind::kAppeared, &out);
  TextNodeList(c, NodeChange::Kind::kVanished, &out);
  return out + "\n" + Summary(c) + "\n";
}

std::string RenderChangesMarkdown(const Changes& c) {
  std::string out = std::string("# ") + kTitle + "\n\nBaseline: " + MarkdownCell(c.baseline) +
                    "; " + kStoredStatuses + ".\n";
  if (!c.has_previous) return out + "\nNo earlier audit in the database.\n";
  for (const auto& n : c.nodes) {
    if (n.kind == NodeChange::Kind::kChanged) MarkdownNode(n, &out);
  }
  MarkdownNodeList(c, NodeChange::Kind::kAppeared, &out);
  MarkdownNodeList(c, NodeChange::Kind::kVanished, &out);
  return out + "\n" + Summary(c) + ".\n";
}

std::string RenderChangesJson(const Changes& c) {
  ordered_json doc;
  doc["format_version"] = kChangesJsonVersion;
  doc["baseline"] = c.baseline;
  doc["since"] = c.since.empty() ? ordered_json(nullptr) : ordered_json(c.since);
  doc["has_previous"] = c.has_previous;
  doc["nodes_compared"] = c.nodes_compared;
  doc["nodes"] = ordered_json::array();
  for (const auto& n : c.nodes) {
    ordered_json checks = ordered_json::array();
    for (const auto& k : n.checks) {
      checks.push_back({{"benchmark", k.benchmark},
                        {"check_id", k.check_id},
                        {"section", k.section},
                        {"title", k.title},
                        {"before", StatusText(k.before)},
                        {"after", StatusText(k.after)},
                        {"actual_before", k.actual_before},
                        {"actual_after", k.actual_after},
                        {"source_after", k.source_after},
                        {"reason_after", k.reason_after}});
    }
    doc["nodes"].push_back({{"kind", KindName(n.kind)},
                            {"cluster", n.cluster},
                            {"node", n.node},
                            {"before", JsonBundle(n.before)},
                            {"after", JsonBundle(n.after)},
                            {"checks", checks},
                            {"notes", n.notes}});
  }
  // Bundle text is not guaranteed UTF-8: replace bad bytes rather than throw.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace kubeproof
