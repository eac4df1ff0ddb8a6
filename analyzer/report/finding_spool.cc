#include "analyzer/report/finding_spool.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kubeproof {
namespace {

// One finding as a check's file holds it: the node by its index in the frame, the texts by length.
struct Record {
  std::uint32_t node = 0;
  CheckStatus status = CheckStatus::kUnverifiable;
  ReasonCode reason_code = ReasonCode::kNone;
  std::string expected, actual, source, reason;
};

bool WriteText(std::FILE* f, const std::string& text) {
  auto size = static_cast<std::uint32_t>(text.size());
  return std::fwrite(&size, sizeof size, 1, f) == 1 &&
         std::fwrite(text.data(), 1, text.size(), f) == text.size();
}

bool ReadText(std::FILE* f, std::string* text) {
  std::uint32_t size = 0;
  if (std::fread(&size, sizeof size, 1, f) != 1) return false;
  text->resize(size);
  return std::fread(text->data(), 1, size, f) == size;
}

bool Write(std::FILE* f, std::uint32_t node, const FindingRow& row) {
  const auto status = static_cast<std::uint8_t>(row.status);
  const auto code = static_cast<std::uint8_t>(row.reason_code);
  return std::fwrite(&node, sizeof node, 1, f) == 1 && std::fwrite(&status, 1, 1, f) == 1 &&
         std::fwrite(&code, 1, 1, f) == 1 && WriteText(f, row.expected) &&
         WriteText(f, row.actual) && WriteText(f, row.source) && WriteText(f, row.reason);
}

// Reads the next record; false at the end of the file or on a short read.
bool Read(std::FILE* f, Record* r) {
  std::uint8_t status = 0, code = 0;
  if (std::fread(&r->node, sizeof r->node, 1, f) != 1) return false;
  if (std::fread(&status, 1, 1, f) != 1 || std::fread(&code, 1, 1, f) != 1) return false;
  r->status = static_cast<CheckStatus>(status);
  r->reason_code = static_cast<ReasonCode>(code);
  return ReadText(f, &r->expected) && ReadText(f, &r->actual) && ReadText(f, &r->source) &&
         ReadText(f, &r->reason);
}

}  // namespace

FindingSpool::FindingSpool(const ReportData& frame) : frame_(frame), files_(frame.checks.size()) {
  for (size_t i = 0; i < frame.checks.size(); ++i) check_index_.emplace(frame.checks[i].id, i);
  for (size_t i = 0; i < frame.nodes.size(); ++i)
    node_index_.emplace(frame.nodes[i].bundle_id, static_cast<std::uint32_t>(i));
}

Status FindingSpool::Add(const FindingRow& row) {
  auto check = check_index_.find(row.check_id);
  auto node = node_index_.find(row.bundle_id);
  if (check == check_index_.end() || node == node_index_.end()) return Status::Ok();
  auto& file = files_[check->second];
  if (!file) file.reset(std::tmpfile());
  if (!file || !Write(file.get(), node->second, row))
    return Status::IoError("cannot write a temporary file");
  return Status::Ok();
}

Status FindingSpool::Replay(const std::function<void(FindingRow&&)>& visit) {
  std::vector<Record> records;
  for (size_t c = 0; c < files_.size(); ++c) {
    std::FILE* file = files_[c].get();
    if (file == nullptr) continue;
    std::rewind(file);
    records.clear();
    Record r;
    while (Read(file, &r)) records.push_back(std::move(r));
    if (std::ferror(file) || !std::feof(file))
      return Status::IoError("cannot read a temporary file");
    files_[c].reset();
    // The frame's node order: cluster, then node.
    std::sort(records.begin(), records.end(),
              [](const Record& a, const Record& b) { return a.node < b.node; });
    const CheckInfo& check = frame_.checks[c];
    for (Record& rec : records) {
      const NodeInfo& n = frame_.nodes[rec.node];
      visit(FindingRow{n.bundle_id, n.node, n.cluster, check.id, check.section, rec.status,
                       std::move(rec.expected), std::move(rec.actual), std::move(rec.source),
                       std::move(rec.reason), rec.reason_code, std::nullopt});
    }
  }
  return Status::Ok();
}

}  // namespace kubeproof
