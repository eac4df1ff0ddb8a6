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
std::string VersionNote(const Benchmark& b, ChoiceBasis basis, const std::optional<NodeVersion>& version) {
  std::string range = b.id + " is written for Kubernetes " + b.KubernetesRange();
  if (!version) {
    return "the evidence shows no Kubernetes version; " + range +
           (basis == ChoiceBasis::kNoVersion ? ", the newest installed benchmark" : "");
  }
  if (b.Covers(version->minor)) return "";
  return VersionWords(*version) + " is outside the benchmark's range: " + range +
         (basis == ChoiceBasis::kNearest ? "; it is the nearest installed benchmark" : "");
}

std::string PlatformTitle(const Benchmark& b, const std::string& platform) {
  const PlatformSpec* spec = b.platforms ? b.platforms->Find(platform) : nullptr;
  return spec ? spec->title : platform;
}

// What an auditor must know when the benchmark is not the one written for the node's platform.
std::string PlatformNote(const Benchmark& b, const std::vector<Benchmark>& installed, const NodePlatform& node) {
  if (!b.platform.empty() && b.platform != node.platform) {
    return b.id + " is written for " + PlatformTitle(b, b.platform) + " nodes; this node shows " +
           (node.known() ? node.title + " (" + node.origin + ")" : "no " + PlatformTitle(b, b.platform) + " markers");
  }
  if (b.platform.empty() && node.known()) {
    for (const auto& other : installed) {
      if (other.platform == node.platform)
        return "this node is " + node.title + " (" + node.origin + "), whose own benchmark " + other.id +
               " is installed";
    }
  }
  return "";
}

std::string Note(const Benchmark& b, ChoiceBasis basis, const std::optional<NodeVersion>& version,
                 const std::vector<Benchmark>& installed, const NodePlatform& platform) {
  std::string platform_note = PlatformNote(b, installed, platform);
  std::string version_note = VersionNote(b, basis, version);
  if (platform_note.empty() || version_note.empty()) return platform_note + version_note;
  return platform_note + "; " + version_note;
}

// Automatically: the benchmarks of the node's platform; where it has none, the generic ones;
// where none is generic, every one installed.
std::vector<const Benchmark*> Candidates(const std::vector<Benchmark>& installed, const NodePlatform& platform) {
  std::vector<const Benchmark*> own, generic, all;
  for (const auto& b : installed) {
    if (platform.known() && b.platform == platform.platform) own.push_back(&b);
    if (b.platform.empty()) generic.push_back(&b);
    all.push_back(&b);
  }
  if (!own.empty()) return own;
  return generic.empty() ? all : generic;
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
    if (id == "all" || id == "auto")
      return Status::InvalidArgument("--benchmark: '" + id + "' cannot be combined with ids");
    if (std::find(request.ids.begin(), request.ids.end(), id) == request.ids.end())
      request.ids.push_back(id);
  }
  if (request.ids.empty()) return Status::InvalidArgument("--benchmark: no benchmark named");
  return request;
}

std::string_view ChoiceBasisName(ChoiceBasis basis) {
  switch (basis) {
    case ChoiceBasis::kRequested:
      return "requested";
    case ChoiceBasis::kInRange:
      return "in-range";
    case ChoiceBasis::kNearest:
      return "nearest";
    case ChoiceBasis::kNoVersion:
      return "no-version";
  }
  return "requested";
}

std::vector<BenchmarkChoice> ChooseBenchmarks(const std::vector<Benchmark>& installed,
                                              const BenchmarkRequest& request,
                                              const std::optional<NodeVersion>& version,
                                              const NodePlatform& platform) {
  std::vector<BenchmarkChoice> out;
  if (request.kind != BenchmarkRequest::Kind::kAuto) {
    for (const auto& b : installed) {
      bool wanted = request.kind == BenchmarkRequest::Kind::kAll ||
                    std::find(request.ids.begin(), request.ids.end(), b.id) != request.ids.end();
      if (wanted)
        out.push_back({&b, ChoiceBasis::kRequested, version, platform,
                       Note(b, ChoiceBasis::kRequested, version, installed, platform)});
    }
    return out;
  }
  std::vector<const Benchmark*> candidates = Candidates(installed, platform);
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
  out.push_back({chosen, basis, version, platform, Note(*chosen, basis, version, installed, platform)});
  return out;
}

}  // namespace kubeproof
