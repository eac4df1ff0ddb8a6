// The benchmark a node is evaluated against: by the Kubernetes ranges of the installed benchmarks,
// at the edges of each range, with no version, and as --benchmark asks.
#include "analyzer/rules/benchmark_choice.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "analyzer/rules/node_evaluation.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

Benchmark Ranged(const std::string& id, int first, int last) {
  Benchmark b;
  b.id = id;
  b.first_minor = first;
  b.last_minor = last;
  return b;
}

// The two generic benchmarks we ship, by their ranges.
const std::vector<Benchmark>& Installed() {
  static const std::vector<Benchmark> installed = {Ranged("cis-1.12.0", 32, 34),
                                                   Ranged("cis-1.6.0", 16, 18)};
  return installed;
}

NodeVersion Version(int minor) {
  NodeVersion v;
  v.minor = minor;
  v.text = "v1." + std::to_string(minor) + ".2";
  v.origin = "kubelet: test";
  return v;
}

BenchmarkChoice Auto(std::optional<NodeVersion> version) {
  auto choices = ChooseBenchmarks(Installed(), BenchmarkRequest{}, version, NodePlatform());
  REQUIRE(choices.size() == 1);
  return choices.front();
}

TEST_CASE("a node's version picks the benchmark whose range holds it, at both edges of each range",
          "[benchmark-choice]") {
  for (int minor : {16, 17, 18}) {
    INFO("1." << minor);
    BenchmarkChoice c = Auto(Version(minor));
    CHECK(c.benchmark->id == "cis-1.6.0");
    CHECK(c.basis == ChoiceBasis::kInRange);
    CHECK(c.note.empty());
  }
  for (int minor : {32, 33, 34}) {
    INFO("1." << minor);
    BenchmarkChoice c = Auto(Version(minor));
    CHECK(c.benchmark->id == "cis-1.12.0");
    CHECK(c.basis == ChoiceBasis::kInRange);
    CHECK(c.note.empty());
  }
}

TEST_CASE(
    "outside every range the nearest benchmark is chosen, ties go to the newer, and the note says "
    "so",
    "[benchmark-choice]") {
  struct Case {
    int minor;
    const char* id;
  };
  // 1.25 is 7 from both 1.18 and 1.32: the newer wins.
  for (Case c :
       {Case{15, "cis-1.6.0"}, Case{19, "cis-1.6.0"}, Case{24, "cis-1.6.0"}, Case{25, "cis-1.12.0"},
        Case{26, "cis-1.12.0"}, Case{31, "cis-1.12.0"}, Case{35, "cis-1.12.0"}}) {
    INFO("1." << c.minor);
    BenchmarkChoice choice = Auto(Version(c.minor));
    CHECK(choice.benchmark->id == c.id);
    CHECK(choice.basis == ChoiceBasis::kNearest);
    CHECK(choice.note.find("Kubernetes 1." + std::to_string(c.minor) + " (v1." +
                           std::to_string(c.minor) +
                           ".2, kubelet: test) is outside the benchmark's range") == 0);
    CHECK(choice.note.find("it is the nearest installed benchmark") != std::string::npos);
  }
}

TEST_CASE(
    "with no version in the evidence the newest benchmark is chosen and the note says the version "
    "is unknown",
    "[benchmark-choice]") {
  BenchmarkChoice c = Auto(std::nullopt);
  CHECK(c.benchmark->id == "cis-1.12.0");
  CHECK(c.basis == ChoiceBasis::kNoVersion);
  CHECK(c.note ==
        "the evidence shows no Kubernetes version; cis-1.12.0 is written for Kubernetes 1.32-1.34, "
        "the newest installed benchmark");
}

TEST_CASE(
    "a --benchmark list names benchmarks whatever the version, and still notes a version outside their "
    "range",
    "[benchmark-choice]") {
  auto listed = ParseBenchmarkRequest(std::string("cis-1.6.0"));
  REQUIRE(listed.ok());
  auto choices = ChooseBenchmarks(Installed(), *listed, Version(33), NodePlatform());
  REQUIRE(choices.size() == 1);
  CHECK(choices[0].benchmark->id == "cis-1.6.0");
  CHECK(choices[0].basis == ChoiceBasis::kRequested);
  CHECK(choices[0].note.find(
            "is outside the benchmark's range: cis-1.6.0 is written for Kubernetes 1.16-1.18") !=
        std::string::npos);

  auto all = ParseBenchmarkRequest(std::string("all"));
  REQUIRE(all.ok());
  choices = ChooseBenchmarks(Installed(), *all, Version(33), NodePlatform());
  REQUIRE(choices.size() == 2);
  CHECK(choices[0].note.empty());
  CHECK_FALSE(choices[1].note.empty());
}

TEST_CASE("a malformed --benchmark is refused before anything loads", "[benchmark-choice]") {
  CHECK(ParseBenchmarkRequest(std::nullopt)->kind == BenchmarkRequest::Kind::kAuto);
  CHECK(ParseBenchmarkRequest(std::string("auto"))->kind == BenchmarkRequest::Kind::kAuto);
  auto two = ParseBenchmarkRequest(std::string("cis-1.6.0,cis-1.12.0,cis-1.6.0"));
  REQUIRE(two.ok());
  CHECK(two->ids == std::vector<std::string>{"cis-1.6.0", "cis-1.12.0"});
  CHECK(ParseBenchmarkRequest(std::string("cis-1.6.0,,x")).status().message() ==
        "--benchmark: empty id in 'cis-1.6.0,,x'");
  CHECK(ParseBenchmarkRequest(std::string("all,cis-1.6.0")).status().message() ==
        "--benchmark: 'all' cannot be combined with ids");
  CHECK_FALSE(ParseBenchmarkRequest(std::string("")).ok());
}

TEST_CASE("a given --k8s-version overrides the evidence's version for the choice and says so",
          "[benchmark-choice]") {
  NodeEvidence evidence =
      testing::EvidenceBuilder().KubernetesVersion("kubelet", "v1.33.1").Build();
  EvaluationOptions options;
  CHECK(NodeVersionFor(evidence, options)->minor == 33);
  options.kubernetes_version = "1.20";
  auto given = NodeVersionFor(evidence, options);
  REQUIRE(given);
  CHECK(given->minor == 20);
  CHECK(given->origin == "given with --k8s-version");
}

}  // namespace
}  // namespace kubeproof

namespace kubeproof {
namespace {

// The generic benchmarks and one per managed platform, as shipped.
const std::vector<Benchmark>& WithPlatforms() {
  static const std::vector<Benchmark> installed = [] {
    std::vector<Benchmark> out = {Ranged("cis-1.12.0", 32, 34), Ranged("cis-1.11.0", 29, 31),
                                  Ranged("cis-1.6.0", 16, 18), Ranged("eks-1.8.0", 30, 34),
                                  Ranged("aks-1.8.0", 30, 34)};
    auto platforms = std::make_shared<PlatformCatalog>();
    platforms->platforms = {{"eks", "Amazon EKS", 1, {}, {}}, {"aks", "Azure Kubernetes Service (AKS)", 2, {}, {}},
                            {"k3s", "k3s", 3, {}, {}}};
    for (auto& b : out) b.platforms = platforms;
    out[3].platform = "eks";
    out[4].platform = "aks";
    return out;
  }();
  return installed;
}

NodePlatform Platform(const std::string& id, const std::string& title) {
  NodePlatform p;
  p.platform = id;
  p.title = title;
  p.origin = "file /marker";
  return p;
}

TEST_CASE("a managed platform's node gets that platform's benchmark, whatever the generic ranges say",
          "[benchmark-choice]") {
  for (int minor : {30, 32, 34}) {
    INFO("1." << minor);
    auto c = ChooseBenchmarks(WithPlatforms(), BenchmarkRequest{}, Version(minor), Platform("eks", "Amazon EKS"));
    REQUIRE(c.size() == 1);
    CHECK(c[0].benchmark->id == "eks-1.8.0");
    CHECK(c[0].basis == ChoiceBasis::kInRange);
    CHECK(c[0].note.empty());
    CHECK(c[0].platform.platform == "eks");
  }
  auto aks = ChooseBenchmarks(WithPlatforms(), BenchmarkRequest{}, std::nullopt,
                              Platform("aks", "Azure Kubernetes Service (AKS)"));
  REQUIRE(aks.size() == 1);
  CHECK(aks[0].benchmark->id == "aks-1.8.0");
  CHECK(aks[0].basis == ChoiceBasis::kNoVersion);
  CHECK(aks[0].note ==
        "the evidence shows no Kubernetes version; aks-1.8.0 is written for Kubernetes 1.30-1.34, the newest "
        "installed benchmark");
}

TEST_CASE("an old managed node keeps its platform's benchmark, with a note on the version", "[benchmark-choice]") {
  auto c = ChooseBenchmarks(WithPlatforms(), BenchmarkRequest{}, Version(20), Platform("eks", "Amazon EKS"));
  REQUIRE(c.size() == 1);
  CHECK(c[0].benchmark->id == "eks-1.8.0");
  CHECK(c[0].basis == ChoiceBasis::kNearest);
  CHECK(c[0].note.find("Kubernetes 1.20 (v1.20.2, kubelet: test) is outside the benchmark's range") == 0);
}

TEST_CASE("nodes of platforms without a benchmark of their own, or of none, get the generic one by version",
          "[benchmark-choice]") {
  struct Case {
    NodePlatform platform;
    int minor;
    const char* id;
  };
  for (const Case& c : {Case{Platform("k3s", "k3s"), 31, "cis-1.11.0"}, Case{NodePlatform(), 33, "cis-1.12.0"},
                        Case{Platform("gke", "Google Kubernetes Engine (GKE)"), 33, "cis-1.12.0"},
                        Case{NodePlatform(), 17, "cis-1.6.0"}}) {
    INFO(c.platform.platform << " 1." << c.minor);
    auto choice = ChooseBenchmarks(WithPlatforms(), BenchmarkRequest{}, Version(c.minor), c.platform);
    REQUIRE(choice.size() == 1);
    CHECK(choice[0].benchmark->id == c.id);
    CHECK(choice[0].basis == ChoiceBasis::kInRange);
    CHECK(choice[0].note.empty());
  }
}

TEST_CASE("a requested benchmark of another platform, or the generic one on a managed node, is noted",
          "[benchmark-choice]") {
  auto generic = ParseBenchmarkRequest(std::string("cis-1.12.0"));
  REQUIRE(generic.ok());
  auto c = ChooseBenchmarks(WithPlatforms(), *generic, Version(32), Platform("eks", "Amazon EKS"));
  REQUIRE(c.size() == 1);
  CHECK(c[0].note == "this node is Amazon EKS (file /marker), whose own benchmark eks-1.8.0 is installed");

  auto eks = ParseBenchmarkRequest(std::string("eks-1.8.0"));
  REQUIRE(eks.ok());
  c = ChooseBenchmarks(WithPlatforms(), *eks, Version(33), NodePlatform());
  REQUIRE(c.size() == 1);
  CHECK(c[0].note == "eks-1.8.0 is written for Amazon EKS nodes; this node shows no Amazon EKS markers");
  c = ChooseBenchmarks(WithPlatforms(), *eks, Version(20), Platform("aks", "Azure Kubernetes Service (AKS)"));
  REQUIRE(c.size() == 1);
  CHECK(c[0].note.find("eks-1.8.0 is written for Amazon EKS nodes; this node shows Azure Kubernetes Service (AKS) "
                       "(file /marker); Kubernetes 1.20") == 0);
}

}  // namespace
}  // namespace kubeproof
