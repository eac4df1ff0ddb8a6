// FindingSpool: findings taken in any order and given back in check order, then in the frame's
// node order, without sorting them all: what check order costs at fleet size.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "common/status.h"

namespace kubeproof {

// One finding as the spool holds it: fixed size, its texts by their TextTable numbers.
struct SpooledFinding {
  std::uint32_t node = 0;  // index in the frame's nodes
  std::uint8_t status = 0;  // CheckStatus
  std::uint8_t reason_code = 0;  // ReasonCode
  std::array<std::int64_t, 4> texts{};  // expected, actual, source, reason
};

// Each check's findings wait in an anonymous temporary file; Replay reads one check's file at a
// time and sorts it by node, so one check's findings are held at a time.
class FindingSpool {
 public:
  explicit FindingSpool(std::size_t checks);
  Status Add(std::size_t check, const SpooledFinding& finding);
  // Every check that has findings, in check order, with its findings in node order.
  Status Replay(const std::function<Status(std::size_t check, const std::vector<SpooledFinding>&)>& visit);

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::vector<std::unique_ptr<std::FILE, FileCloser>> files_;  // per check, opened on its first finding
};

}  // namespace kubeproof
