// Platform files are strict: a marker says one thing, ids and ranks are unique, and a benchmark
// names only a platform the catalog describes.
#include "analyzer/rules/platform_catalog.h"

#include <catch2/catch.hpp>

#include "tests/support/temp_rules.h"

namespace kubeproof {
namespace {

TEST_CASE("a platform file is parsed with its markers and variants", "[platform]") {
  auto spec = ParsePlatformSpec(
      "platform: eks\ntitle: Amazon EKS\nrank: 3\n"
      "markers:\n  - {file: /etc/eks/bootstrap.sh}\n  - {process: kubelet, flag: config-dir, "
      "value: /x}\n"
      "variants:\n  - {name: AL2, markers: [{os_release: {ID: amzn}}]}\n  - {name: other}\n",
      "eks.yaml");
  REQUIRE(spec.ok());
  CHECK(spec->platform == "eks");
  CHECK(spec->rank == 3);
  REQUIRE(spec->markers.size() == 2);
  CHECK(spec->markers[1].flag == "config-dir");
  REQUIRE(spec->variants.size() == 2);
  CHECK(spec->variants[0].markers.front().os_release.at("ID") == "amzn");
  CHECK(spec->variants[1].markers.empty());
}

TEST_CASE("a platform file with a bad marker is refused naming the file and the problem",
          "[platform]") {
  const std::string head = "platform: x\ntitle: X\nrank: 1\n";
  struct Case {
    std::string markers;
    std::string message;
  };
  for (const Case& c : {
           Case{"markers: []\n", "eks.yaml: markers: a list of at least one marker is required"},
           Case{"markers: [{file: /a, process: kubelet}]\n",
                "give exactly one of file, process or os_release"},
           Case{"markers: [{file: etc/x}]\n", "file 'etc/x' is not an absolute path"},
           Case{"markers: [{file: /a, flag: b}]\n", "flag and value belong to a process marker"},
           Case{"markers: [{process: kubelet, value: b}]\n", "a value needs its flag"},
           Case{"markers: [{process: kubelet, flag: a, value: b, value_prefix: c}]\n", "not both"},
           Case{"markers: [{file: /a, glob: b}]\n", "glob"},
           Case{"markers: [{<<: {file: /a}}]\n", "merge keys ('<<') are not supported"},
       }) {
    INFO(c.markers);
    auto spec = ParsePlatformSpec(head + c.markers, "eks.yaml");
    REQUIRE_FALSE(spec.ok());
    CHECK_THAT(spec.status().message(), Catch::Contains(c.message));
  }
  auto unknown =
      ParsePlatformSpec("platform: unknown\ntitle: U\nrank: 1\nmarkers: [{file: /a}]\n", "u.yaml");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("'unknown' is the name for no platform"));
}

TEST_CASE("two platform files with one id or one rank are refused", "[platform]") {
  testing::TempRules rules("checks: []\n");
  rules.Write("platforms/a.yaml", "platform: a\ntitle: A\nrank: 1\nmarkers: [{file: /a}]\n");
  rules.Write("platforms/b.yaml", "platform: b\ntitle: B\nrank: 1\nmarkers: [{file: /b}]\n");
  auto catalog = LoadPlatformCatalog(rules.dir() / "platforms");
  REQUIRE_FALSE(catalog.ok());
  CHECK_THAT(catalog.status().message(),
             Catch::Contains("b.yaml: platform b repeats the rank of a"));
}

TEST_CASE("a benchmark naming a platform no platform file describes is refused", "[platform]") {
  testing::TempRules rules("checks: []\n");
  rules.Write("test-bench/benchmark.yaml",
              std::string(testing::kTestBenchHeader) + "platform: nowhere\n");
  auto loaded = rules.Load();
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.status().message(),
             Catch::Contains("platform 'nowhere' is not described in platforms/"));
  rules.Write("platforms/nowhere.yaml",
              "platform: nowhere\ntitle: Nowhere\nrank: 1\nmarkers: [{file: /n}]\n");
  loaded = rules.Load();
  REQUIRE(loaded.ok());
  CHECK(loaded->platform == "nowhere");
}

TEST_CASE("the shipped platforms load in rank order, with the three managed services",
          "[platform]") {
  auto catalog = LoadPlatformCatalog(KUBEPROOF_SOURCE_DIR "/benchmarks/platforms");
  REQUIRE(catalog.ok());
  std::vector<std::string> ids;
  for (const auto& p : catalog->platforms) ids.push_back(p.platform);
  CHECK(ids == std::vector<std::string>{"rke2", "k3s", "eks", "aks", "gke", "kubeadm"});
}

}  // namespace
}  // namespace kubeproof
