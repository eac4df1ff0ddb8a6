#include "analyzer/report/csv_renderer.h"

#include <iterator>
#include <unordered_map>

namespace kubeproof {
namespace {

// A comma, quote or line break inside; a plain loop, as find_first_of scans the set per byte.
bool NeedsQuotes(const std::string& value) {
  for (char c : value) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

class CsvReport : public FindingWriter {
 public:
  explicit CsvReport(std::ostream& out) : out_(out) {}

  bool Counted() const override { return false; }

  void Begin(const Comparison& c) override {
    if (!header_written_) {
      out_ << "benchmark,cluster,node,check_id,section,title,scored,status,expected,actual,source,reason,"
              "waiver_justification,waiver_approved_by,waiver_expires,bundle_sha256,signed_by,signer_trusted\n";
      header_written_ = true;
    }
    benchmark_ = c.benchmark;
    checks_.clear();
    for (const auto& check : c.checks) checks_[check.check.id] = &check.check;
    bundles_.clear();
    for (const NodeInfo& b : c.bundles) bundles_[b.bundle_id] = &b;
  }

  void Add(const FindingRow& f) override {
    auto bundle = bundles_.find(f.bundle_id);
    const NodeInfo* b = bundle == bundles_.end() ? nullptr : bundle->second;
    auto it = checks_.find(f.check_id);
    static const std::string kEmpty, kOne = "1", kZero = "0";
    const std::string status(CheckStatusName(f.status));
    const std::string* fields[] = {&benchmark_, &f.cluster, &f.node, &f.check_id, &f.section,
                                   it == checks_.end() ? &kEmpty : &it->second->title,
                                   it == checks_.end() || it->second->scored ? &kOne : &kZero,
                                   &status, &f.expected, &f.actual, &f.source, &f.reason,
                                   f.waiver ? &f.waiver->justification : &kEmpty,
                                   f.waiver ? &f.waiver->approved_by : &kEmpty,
                                   f.waiver ? &f.waiver->expires : &kEmpty,
                                   b != nullptr ? &b->sha256 : &kEmpty, b != nullptr ? &b->signer : &kEmpty,
                                   b == nullptr || b->signer.empty() ? &kEmpty : b->signer_trusted ? &kOne : &kZero};
    std::string& line = line_;
    line.clear();
    for (size_t i = 0; i < std::size(fields); ++i) {
      if (i > 0) line += ',';
      // Most fields need no quotes: appended as they are, without a copy.
      const std::string& field = *fields[i];
      if (!NeedsQuotes(field)) line += field;
      else line += CsvField(field);
    }
    line += '\n';
    out_ << line;
  }

  void End() override {}

 private:
  std::ostream& out_;
  bool header_written_ = false;
  std::string benchmark_;
  std::unordered_map<std::string, const CheckInfo*> checks_;  // the table's, which outlives End
  std::unordered_map<std::int64_t, const NodeInfo*> bundles_;
  std::string line_;  // a finding's line, its buffer kept from one finding to the next
};

}  // namespace

std::string CsvField(const std::string& value) {
  if (!NeedsQuotes(value)) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::unique_ptr<FindingWriter> CsvWriter(std::ostream& out) { return std::make_unique<CsvReport>(out); }

}  // namespace kubeproof
