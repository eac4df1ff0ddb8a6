#include "common/member_name.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace kubeproof {

TEST_CASE("member names the collector writes are valid", "[common]") {
  CHECK(IsValidMemberName("manifest.json"));
  CHECK(IsValidMemberName("files/etc/kubernetes/manifests/kube-apiserver.yaml"));
  CHECK(IsValidMemberName("files/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"));
}

TEST_CASE("member names that escape, hide or confuse are invalid", "[common]") {
  for (const std::string& bad : std::vector<std::string>{"", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "a/.", "a\\b",
                          "a b", std::string("a\x1b[31m"), std::string("caf\xc3\xa9"), "a/"}) {
    INFO(DisplayName(bad));
    CHECK_FALSE(IsValidMemberName(bad));
  }
  CHECK_FALSE(IsValidMemberName(std::string(kMaxMemberNameBytes + 1, 'a')));
  std::string deep;
  for (int i = 0; i <= kMaxMemberNameComponents; ++i) deep += "d/";
  CHECK_FALSE(IsValidMemberName(deep + "f"));
}

TEST_CASE("display names escape control bytes and are cut short", "[common]") {
  CHECK(DisplayName("a\x1b" "b") == "a\\x1bb");
  CHECK(DisplayName(std::string(5000, 'x')).size() < 130);
}

}  // namespace kubeproof
