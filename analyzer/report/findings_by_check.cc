#include "analyzer/report/findings_by_check.h"

#include <array>
#include <string>

namespace kubeproof {

FindingsByCheck::FindingsByCheck(Database* db, std::size_t checks) : texts_(db), spool_(checks) {}

Result<std::unique_ptr<FindingsByCheck>> FindingsByCheck::Read(Database* db, const ReportData& frame,
                                                               const std::function<void(FindingRow&&)>& as_read) {
  // Schema 9 numbers the texts itself; older schemas hold them in each row.
  const bool numbered = db->SchemaVersion() >= 9;
  std::unique_ptr<FindingsByCheck> read(new FindingsByCheck(numbered ? db : nullptr, frame.checks.size()));
  Status s = ScanFindings(
      db, frame, numbered ? "check_records" : "check_results",
      numbered ? ", expected_id, actual_id, source_id, reason_id" : ", expected, actual, source, reason",
      [&](const StoredFinding& stored, const Statement& stmt) {
        SpooledFinding f;
        f.node = static_cast<std::uint32_t>(stored.node);
        f.status = static_cast<std::uint8_t>(stored.status);
        f.reason_code = static_cast<std::uint8_t>(stored.reason_code);
        for (int t = 0; t < 4; ++t) {
          const auto at = static_cast<std::size_t>(t);
          f.texts[at] = numbered ? stmt.Int(4 + t) : read->texts_.Number(stmt.Text(4 + t));
        }
        if (Status added = read->spool_.Add(stored.check, f); !added.ok()) return added;
        if (as_read) as_read(StatusRow(frame, stored));
        return Status::Ok();
      });
  if (!s.ok()) return s;
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
