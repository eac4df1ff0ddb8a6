#include <catch2/catch.hpp>

#include "analyzer/report/note_groups.h"

namespace kubeproof {

TEST_CASE("benchmark-choice notes group their nodes by note, first seen first", "[report]") {
  auto groups = GroupNotes({"prod/cp-1: outside the range", "prod/w-1: no version known", "prod/cp-2: outside the range"});
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].note == "outside the range");
  CHECK(groups[0].nodes == std::vector<std::string>{"prod/cp-1", "prod/cp-2"});
  CHECK(groups[1].note == "no version known");
  CHECK(groups[1].nodes == std::vector<std::string>{"prod/w-1"});
}

TEST_CASE("a note's text keeps every colon after the node's", "[report]") {
  auto groups = GroupNotes({"cp-1: Kubernetes 1.20 (kube-apiserver: image tag): nearest"});
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].nodes == std::vector<std::string>{"cp-1"});
  CHECK(groups[0].note == "Kubernetes 1.20 (kube-apiserver: image tag): nearest");
}

TEST_CASE("a folded note names its first nodes and counts the rest", "[report]") {
  CHECK(NameSome({"a", "b"}, 3) == "a, b");
  CHECK(NameSome({"a", "b", "c", "d", "e"}, 3) == "a, b, c and 2 more");
  CHECK(NameSome({}, 3).empty());
}

}  // namespace kubeproof
