// The runtime-config filter: a line-based TOML reader must never take text inside a multi-line
// value for a key, and its output must filter to itself (the analyzer filters again at ingest).
#include <catch2/catch.hpp>

#include <string>

#include "common/content_filter.h"

namespace kubeproof {
namespace {

std::string Filtered(const std::string& toml) {
  Result<FilteredContent> out = FilterContent(toml, ContentProfile::kRuntimeConfig);
  REQUIRE(out.ok());
  return out->content;
}

TEST_CASE("a conf_dir line inside a multi-line string or array is not read as a key", "[filter][toml]") {
  std::string toml =
      "[plugins.\"io.containerd.grpc.v1.cri\".cni]\n"
      "  password = \"\"\"\nconf_dir = \"/kpcanary0001\"\n\"\"\"\n"
      "  mirrors = [\n    \"a\",\nconf_dir = \"/kpcanary0002\"\n  ]\n"
      "  endpoints = [\"x\",\n  [\"y\"], \"conf_dir = /kpcanary0003\"]\n"
      "  conf_dir = \"/etc/cni/net.d\"\n";
  std::string out = Filtered(toml);
  CHECK(out == "[plugins.\"io.containerd.grpc.v1.cri\".cni]\nconf_dir = \"/etc/cni/net.d\"\n");
  CHECK(Filtered(out) == out);
}

TEST_CASE("a runtime config that does not parse as TOML is not kept", "[filter][toml]") {
  CHECK_FALSE(FilterContent("conf_dir = \"/x\"\nnot toml at all\n", ContentProfile::kRuntimeConfig).ok());
  CHECK_FALSE(FilterContent("secret = \"\"\"\nnever closed\n", ContentProfile::kRuntimeConfig).ok());
}

}  // namespace
}  // namespace kubeproof
