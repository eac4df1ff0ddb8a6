// FindingWriter: a report format written around a stream of findings, never holding them.
#pragma once

#include <optional>

#include "analyzer/report/comparison.h"
#include "analyzer/report/report_data.h"

namespace kubeproof {

// Writes a report of one table or several, one after another: for each, Begin with pass one's
// table (its counts, no findings), then every finding shown in Order(), then End; Close after the
// last. The last table's `waivers` holds the tally of them all, when Counted().
class FindingWriter {
 public:
  virtual ~FindingWriter() = default;
  // The order the format prints findings in; nullopt when it prints none (the summaries), so
  // none is read.
  virtual std::optional<FindingOrder> Order() const { return FindingOrder::kByCheck; }
  // False when Begin's table needs no counts and End no waiver tally (CSV, SARIF): the table is
  // then the frame's checks, columns and bundles, and the findings are read once.
  virtual bool Counted() const { return true; }
  virtual void Begin(const Comparison& table) = 0;
  // A finding as shown: waived, and of a status --status keeps.
  virtual void Add(const FindingRow& finding) = 0;
  virtual void End() = 0;
  virtual void Close() {}
};

}  // namespace kubeproof
