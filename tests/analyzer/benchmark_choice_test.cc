// The benchmark a node is evaluated against: by the Kubernetes ranges of the installed benchmarks,
// at the edges of each range, with no version, and as --benchmark asks.
#include "analyzer/rules/benchmark_choice.h"

#include <catch2/catch.hpp>
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
