// The `loopback` comparison: a bind address such as kube-proxy's --metrics-bind-address passes
// only when it listens on the node's loopback interface (CIS 1.12 4.3.1).
#include "analyzer/rules/bind_address.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/support/evidence_builder.h"
#include "tests/support/temp_rules.h"

namespace kubeproof {
namespace {

using testing::EvidenceBuilder;

constexpr const char* kKubeProxy =
    "component: kube-proxy\n"
    "config_file_flag: config\n"
    "flags:\n"
    "  config: {type: string}\n"
    "  metrics-bind-address:\n"
    "    type: string\n"
    "    config_key: metricsBindAddress\n"
    "  healthz-port: {type: int}\n"
    "  feature-gates: {type: map}\n";

constexpr const char* kLoopback = "      setting: metrics-bind-address\n      loopback: true\n";

Finding Judge(const NodeEvidence& e, const std::string& test = kLoopback) {
  return testing::EvaluateOne(test, e, "kube-proxy", {{"kube-proxy", kKubeProxy}});
}

Finding WithFlag(const std::string& value) {
  return Judge(EvidenceBuilder()
                   .Process("kube-proxy", {"kube-proxy", "--metrics-bind-address=" + value})
                   .Build());
}

std::string LoadError(const std::string& test) {
  testing::TempRules rules("checks:\n" + testing::Check("1.2.1", "kube-proxy", test));
  rules.Write("components/kube-proxy.yaml", kKubeProxy);
  auto loaded = rules.Load();
  return loaded.ok() ? "loaded" : loaded.status().message();
}

}  // namespace

TEST_CASE("the host of a bind address is read as Go splits host and port", "[rules][loopback]") {
  CHECK(BindHost("127.0.0.1:10249") == "127.0.0.1");
  CHECK(BindHost("[::1]:10249") == "::1");
  CHECK(BindHost("[::]:10249") == "::");
  CHECK(BindHost(":10249") == "");
  CHECK(BindHost("localhost:10249") == "localhost");
  CHECK(BindHost("127.0.0.1") == "127.0.0.1");
  CHECK(BindHost("::1") == "::1");
}

TEST_CASE("loopback hosts are 127.0.0.0/8, ::1, an IPv4-mapped 127 address and localhost",
          "[rules][loopback]") {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "127.255.255.255", "0127.0.0.1", "::1",
                           "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost", "LocalHost"}) {
    INFO(host);
    CHECK(IsLoopbackHost(host));
  }
  for (const char* host : {"", "0.0.0.0", "::", "10.0.0.5", "128.0.0.1", "126.255.255.255",
                           "127.0.0", "127.0.0.1.5", "127.0.0.256", "::2", "::ffff:10.0.0.1",
                           "fe80::1", "localhost.example.com", "127.0.0.1x"}) {
    INFO(host);
    CHECK_FALSE(IsLoopbackHost(host));
  }
}

TEST_CASE("a metrics bind address on a loopback host passes, with or without a port",
          "[rules][loopback]") {
  for (const char* value :
       {"127.0.0.1:10249", "[::1]:10249", "localhost:10249", "127.0.0.1", "127.3.0.9:1"}) {
    INFO(value);
    Finding f = WithFlag(value);
    CHECK(f.status == CheckStatus::kPass);
    CHECK(f.reason.find(", a loopback address") != std::string::npos);
  }
  Finding f = WithFlag("[::1]:10249");
  CHECK(f.actual == "--metrics-bind-address = [::1]:10249");
  CHECK(f.reason == "--metrics-bind-address binds ::1, a loopback address");
  CHECK(f.source == "flag --metrics-bind-address on running kube-proxy (pid 100)");
}

TEST_CASE("a metrics bind address on every interface or a routable host fails",
          "[rules][loopback]") {
  for (const char* value :
       {"0.0.0.0:10249", "[::]:10249", "10.0.0.5:10249", ":10249", "0.0.0.0", "192.168.1.7"}) {
    INFO(value);
    CHECK(WithFlag(value).status == CheckStatus::kFail);
  }
  CHECK(WithFlag(":10249").reason ==
        "--metrics-bind-address binds every interface (no host), not a loopback address");
  CHECK(WithFlag("0.0.0.0:10249").reason ==
        "--metrics-bind-address binds every interface (0.0.0.0), not a loopback address");
  CHECK(WithFlag("10.0.0.5:10249").reason ==
        "--metrics-bind-address binds 10.0.0.5, not a loopback address");
}

TEST_CASE(
    "an explicitly empty metrics bind address serves nothing and passes; an unset one fails like "
    "equals",
    "[rules][loopback]") {
  Finding off = WithFlag("");
  CHECK(off.status == CheckStatus::kPass);
  CHECK(off.actual == "--metrics-bind-address = \"\"");
  CHECK(off.reason == "--metrics-bind-address is empty, so nothing listens on it");
  Finding unset = Judge(EvidenceBuilder().Process("kube-proxy", {"kube-proxy"}).Build());
  CHECK(unset.status == CheckStatus::kFail);
  CHECK(unset.reason == "--metrics-bind-address is not set from any source");
}

TEST_CASE(
    "a metrics bind address from kube-proxy's config file is judged with the file as its source",
    "[rules][loopback]") {
  auto e = EvidenceBuilder()
               .Process("kube-proxy", {"kube-proxy", "--config=/var/lib/kube-proxy/config.conf"})
               .File("/var/lib/kube-proxy/config.conf", "metricsBindAddress: 0.0.0.0:10249\n")
               .Build();
  Finding f = Judge(e);
  CHECK(f.status == CheckStatus::kFail);
  CHECK(f.source == "config file /var/lib/kube-proxy/config.conf key metricsBindAddress");
}

TEST_CASE(
    "loopback is refused when it loads on a setting that is not a string, and only 'loopback: "
    "true' exists",
    "[rules][loopback]") {
  CHECK(LoadError("      setting: healthz-port\n      loopback: true\n")
            .find("check 1.2.1: test: loopback needs a string setting (a bind address), and "
                  "healthz-port is int") != std::string::npos);
  CHECK(
      LoadError("      setting: feature-gates\n      key: X\n      loopback: true\n")
          .find("loopback needs a string setting (a bind address), and feature-gates X is bool") !=
      std::string::npos);
  CHECK(LoadError("      setting: metrics-bind-address\n      loopback: false\n")
            .find("only 'loopback: true' is supported") != std::string::npos);
  CHECK(LoadError(kLoopback) == "loaded");
}

}  // namespace kubeproof
