// FindingSpool: findings taken in any order and given back in check order, then in the frame's
// node order, without sorting them all: what check order costs at fleet size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/report/report_data.h"

namespace kubeproof {

// Each finding waits in an anonymous temporary file of its check; Replay reads one check's file
// at a time and sorts it by node, so one check's findings are held at a time.
class FindingSpool {
 public:
  explicit FindingSpool(const ReportData& frame);
  // A finding of a check or node the frame does not hold is left out.
  Status Add(const FindingRow& row);
  Status Replay(const std::function<void(FindingRow&&)>& visit);

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  const ReportData& frame_;
  std::unordered_map<std::string, size_t> check_index_;
  std::unordered_map<std::int64_t, std::uint32_t> node_index_;
  std::vector<std::unique_ptr<std::FILE, FileCloser>>
      files_;  // per check, opened on its first finding
};

}  // namespace kubeproof
