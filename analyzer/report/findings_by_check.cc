#include "analyzer/report/findings_by_check.h"

#include <array>
#include <string>
#include <unordered_map>

namespace kubeproof {

FindingsByCheck::FindingsByCheck(Database* db, std::size_t checks) : texts_(db), spool_(checks) {}

Result<std::unique_ptr<FindingsByCheck>> FindingsByCheck::Read(Database* db, const ReportData& frame,
                                                               const std::function<void(FindingRow&&)>& as_read) {
  // Schema 9 numbers the texts itself; older schemas hold them in each row. No join: the frame's
  // checks are those the filter selects, and a finding of any other is passed over.
  const bool numbered = db->SchemaVersion() >= 9;
  auto stmt = db->Prepare(numbered ? "SELECT bundle_id, check_id, status, expected_id, actual_id, source_id, reason_id,"
                                     " reason_code FROM check_records WHERE benchmark = ?"
                                   : "SELECT bundle_id, check_id, status, expected, actual, source, reason,"
                                     " reason_code FROM check_results WHERE benchmark = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, frame.benchmark);
  std::unordered_map<std::string, std::size_t> check_index;
  for (std::size_t i = 0; i < frame.checks.size(); ++i) check_index.emplace(frame.checks[i].id, i);
  std::unordered_map<std::int64_t, std::uint32_t> node_index;
  for (std::size_t i = 0; i < frame.nodes.size(); ++i)
    node_index.emplace(frame.nodes[i].bundle_id, static_cast<std::uint32_t>(i));
  std::unique_ptr<FindingsByCheck> read(new FindingsByCheck(numbered ? db : nullptr, frame.checks.size()));
  while (stmt->Step()) {
    auto node = node_index.find(stmt->Int(0));
    auto check = check_index.find(stmt->Text(1));
    if (node == node_index.end() || check == check_index.end()) continue;
    auto status = ParseCheckStatus(stmt->Text(2));
    if (!status) return Status::Corrupt("unknown status " + stmt->Text(2) + " for check " + stmt->Text(1));
    auto code = ParseReasonCode(stmt->Text(7));
    if (!code) return Status::Corrupt("unknown reason code " + stmt->Text(7) + " for check " + stmt->Text(1));
    SpooledFinding f;
    f.node = node->second;
    f.status = static_cast<std::uint8_t>(*status);
    f.reason_code = static_cast<std::uint8_t>(*code);
    for (int t = 0; t < 4; ++t) {
      const auto at = static_cast<std::size_t>(t);
      f.texts[at] = numbered ? stmt->Int(3 + t) : read->texts_.Number(stmt->Text(3 + t));
    }
    if (Status s = read->spool_.Add(check->second, f); !s.ok()) return s;
    if (as_read) {
      const NodeInfo& n = frame.nodes[node->second];
      const CheckInfo& c = frame.checks[check->second];
      FindingRow row;
      row.bundle_id = n.bundle_id;
      row.node = n.node;
      row.cluster = n.cluster;
      row.check_id = c.id;
      row.section = c.section;
      row.status = *status;
      row.reason_code = *code;
      as_read(std::move(row));
    }
  }
  if (!stmt->status().ok()) return stmt->status();
  return read;
}

std::function<Status(const std::function<void(FindingRow&&)>&)> SpoolWhileCounting(
    Database* db, const ReportData& frame, std::unique_ptr<FindingsByCheck>* held) {
  return [db, &frame, held](const std::function<void(FindingRow&&)>& count) -> Status {
    auto read = FindingsByCheck::Read(db, frame, count);
    if (!read.ok()) return read.status();
    *held = std::move(*read);
    return Status::Ok();
  };
}

Status FindingsByCheck::Replay(const ReportData& frame, const std::function<void(FindingRow&&)>& visit) {
  return spool_.Replay([&](std::size_t c, const std::vector<SpooledFinding>& findings) -> Status {
    const CheckInfo& check = frame.checks[c];
    for (const SpooledFinding& f : findings) {
      std::array<std::string, 4> text;
      for (std::size_t t = 0; t < text.size(); ++t) {
        auto read = texts_.Text(f.texts[t]);
        if (!read.ok()) return read.status();
        text[t] = std::move(*read);
      }
      const NodeInfo& n = frame.nodes[f.node];
      visit(FindingRow{n.bundle_id, n.node, n.cluster, check.id, check.section,
                       static_cast<CheckStatus>(f.status), std::move(text[0]), std::move(text[1]),
                       std::move(text[2]), std::move(text[3]), static_cast<ReasonCode>(f.reason_code),
                       std::nullopt});
    }
    return Status::Ok();
  });
}

}  // namespace kubeproof
