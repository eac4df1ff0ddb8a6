#include "analyzer/rules/benchmark_choice.h"

#include <algorithm>
#include <sstream>

namespace kubeproof {
namespace {

// Distance in minor versions from `minor` to the benchmark's range; 0 inside it.
int Distance(const Benchmark& b, int minor) {
  if (minor < b.first_minor) return b.first_minor - minor;
  if (minor > b.last_minor) return minor - b.last_minor;
  return 0;
}

std::string VersionWords(const NodeVersion& v) {
  return "Kubernetes 1." + std::to_string(v.minor) + " (" + v.text + ", " + v.origin + ")";
}

// What an auditor must know when the node's version is not one the benchmark was written for.
std::string Note(const Benchmark& b, ChoiceBasis basis, const std::optional<NodeVersion>& version) {
  std::string range = b.id + " is written for Kubernetes " + b.KubernetesRange();
  if (!version) {
    return "the evidence shows no Kubernetes version; " + range +
           (basis == ChoiceBasis::kNoVersion ? ", the newest installed benchmark" : "");
  }
  if (b.Covers(version->minor)) return "";
  return VersionWords(*version) + " is outside the benchmark's range: " + range +
         (basis == ChoiceBasis::kNearest ? "; it is the nearest installed benchmark" : "");
}

// Newer first: a higher range wins ties.
bool Newer(const Benchmark* a, const Benchmark* b) {
  return std::tie(a->last_minor, a->first_minor) > std::tie(b->last_minor, b->first_minor);
}

}  // namespace

Result<BenchmarkRequest> ParseBenchmarkRequest(const std::optional<std::string>& text) {
  BenchmarkRequest request;
  if (!text || *text == "auto") return request;
  if (*text == "all") {
    request.kind = BenchmarkRequest::Kind::kAll;
    return request;
  }
  request.kind = BenchmarkRequest::Kind::kListed;
  std::stringstream words(*text);
  for (std::string id; std::getline(words, id, ',');) {
    if (id.empty()) return Status::InvalidArgument("--benchmark: empty id in '" + *text + "'");
    if (id == "all" || id == "auto") return Status::InvalidArgument("--benchmark: '" + id + "' cannot be combined with ids");
    if (std::find(request.ids.begin(), request.ids.end(), id) == request.ids.end()) request.ids.push_back(id);
  }
  if (request.ids.empty()) return Status::InvalidArgument("--benchmark: no benchmark named");
  return request;
}

std::string_view ChoiceBasisName(ChoiceBasis basis) {
  switch (basis) {
    case ChoiceBasis::kRequested: return "requested";
    case ChoiceBasis::kInRange: return "in-range";
    case ChoiceBasis::kNearest: return "nearest";
    case ChoiceBasis::kNoVersion: return "no-version";
  }
  return "requested";
}

std::vector<BenchmarkChoice> ChooseBenchmarks(const std::vector<Benchmark>& installed, const BenchmarkRequest& request,
                                              const std::optional<NodeVersion>& version) {
  std::vector<BenchmarkChoice> out;
  if (request.kind != BenchmarkRequest::Kind::kAuto) {
    for (const auto& b : installed) {
      bool wanted = request.kind == BenchmarkRequest::Kind::kAll ||
                    std::find(request.ids.begin(), request.ids.end(), b.id) != request.ids.end();
      if (wanted) out.push_back({&b, ChoiceBasis::kRequested, version, Note(b, ChoiceBasis::kRequested, version)});
    }
    return out;
  }
  std::vector<const Benchmark*> candidates;
  for (const auto& b : installed) candidates.push_back(&b);
  std::sort(candidates.begin(), candidates.end(), Newer);
  if (candidates.empty()) return out;
  const Benchmark* chosen = candidates.front();
  ChoiceBasis basis = ChoiceBasis::kNoVersion;
  if (version) {
    // The newest first, so a tie in distance keeps the newer benchmark.
    for (const Benchmark* b : candidates) {
      if (Distance(*b, version->minor) < Distance(*chosen, version->minor)) chosen = b;
    }
    basis = chosen->Covers(version->minor) ? ChoiceBasis::kInRange : ChoiceBasis::kNearest;
  }
  out.push_back({chosen, basis, version, Note(*chosen, basis, version)});
  return out;
}

}  // namespace kubeproof
