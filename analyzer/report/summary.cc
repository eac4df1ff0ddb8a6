#include "analyzer/report/summary.h"

#include <algorithm>

namespace kubeproof {

bool StatusShown(const std::vector<CheckStatus>& statuses, CheckStatus s) {
  return statuses.empty() || std::find(statuses.begin(), statuses.end(), s) != statuses.end();
}

namespace {

const Waiver* Apply(const Waiver* w, FindingRow* f) {
  if (w == nullptr) return nullptr;
  f->status = CheckStatus::kWaived;
  f->waiver = WaiverNote{w->justification, w->approved_by, w->expires};
  return w;
}

}  // namespace

const Waiver* WaiveFinding(WaiverMatcher* matcher, const std::string& benchmark, FindingRow* f) {
  return Apply(matcher->Match({benchmark, f->check_id, f->cluster, f->node}, f->status), f);
}

const Waiver* WaiveCounted(const WaiverMatcher& matcher, const std::string& benchmark, FindingRow* f) {
  return Apply(matcher.Judge({benchmark, f->check_id, f->cluster, f->node}, f->status), f);
}

Result<Comparison> SummarizeFindings(const ReportData& frame, GroupBy group_by, WaiverMatcher* matcher,
                                     const std::vector<CheckStatus>& statuses, const FindingSource& source,
                                     std::set<std::int64_t>* failing) {
  ComparisonBuilder builder(frame, group_by);
  Status s = source([&](FindingRow&& f) {
    WaiveFinding(matcher, frame.benchmark, &f);
    if (!StatusShown(statuses, f.status)) return;
    if (failing != nullptr && f.status == CheckStatus::kFail) failing->insert(f.bundle_id);
    builder.Add(f);
  });
  if (!s.ok()) return s;
  return std::move(builder).Finish();
}

Result<Comparison> SummarizeBenchmark(Database* db, const ReportData& frame, GroupBy group_by, WaiverMatcher* matcher,
                                      const std::vector<CheckStatus>& statuses, std::set<std::int64_t>* failing) {
  auto statuses_only = [&](const std::function<void(FindingRow&&)>& visit) { return ForEachFindingStatus(db, frame, visit); };
  return SummarizeFindings(frame, group_by, matcher, statuses, statuses_only, failing);
}

}  // namespace kubeproof
