#include "analyzer/settings/command_line.h"

#include <catch2/catch.hpp>

namespace kubeproof {
namespace {

ComponentSpec Spec(FlagSyntax syntax = FlagSyntax::kPflag) {
  auto spec = ParseComponentSpec(
      "component: demo\n"
      "flags:\n"
      "  anonymous-auth: {type: bool}\n"
      "  read-only-port: {type: int}\n"
      "  authorization-mode: {type: list}\n"
      "bool_flags: [enable-server]\n",
      "demo.yaml");
  REQUIRE(spec.ok());
  spec->syntax = syntax;
  return *spec;
}

}  // namespace

TEST_CASE("pflag parsing reads --x=v, --x v and a bare boolean", "[settings]") {
  auto args = ParseCommandLine(Spec(), {"kubelet", "--read-only-port=0", "--authorization-mode", "Webhook",
                                        "--anonymous-auth", "--enable-server"});
  REQUIRE(args.size() == 4);
  CHECK(args[0].position == 1);
  CHECK(args[0].flag == "read-only-port");
  CHECK(args[0].value == "0");
  CHECK(args[1].position == 2);
  CHECK(args[1].flag == "authorization-mode");
  CHECK(args[1].value == "Webhook");
  CHECK(args[1].has_value);
  CHECK(args[2].flag == "anonymous-auth");
  CHECK(args[2].value == "true");
  CHECK_FALSE(args[2].has_value);
  CHECK(args[3].position == 5);
}

TEST_CASE("a bare boolean flag never takes the next word as its value", "[settings]") {
  auto args = ParseCommandLine(Spec(), {"kubelet", "--anonymous-auth", "false"});
  REQUIRE(args.size() == 2);
  CHECK(args[0].flag == "anonymous-auth");
  CHECK(args[0].value == "true");
  CHECK(args[1].flag.empty());
  CHECK(args[1].value == "false");
}

TEST_CASE("pflag accepts a single dash, and reads underscores as dashes", "[settings]") {
  auto args = ParseCommandLine(Spec(), {"kubelet", "-read_only_port=0", "-v", "2"});
  REQUIRE(args.size() == 2);
  CHECK(args[0].flag == "read-only-port");
  CHECK(args[1].flag == "v");
  CHECK(args[1].value == "2");
}

TEST_CASE("everything after -- is positional", "[settings]") {
  auto args = ParseCommandLine(Spec(), {"kubelet", "--", "--anonymous-auth=false"});
  REQUIRE(args.size() == 1);
  CHECK(args[0].flag.empty());
  CHECK(args[0].value == "--anonymous-auth=false");
}

TEST_CASE("go-flag parsing stops at the first positional word, as etcd does", "[settings]") {
  auto args = ParseCommandLine(Spec(FlagSyntax::kGoFlag), {"etcd", "-name", "e1", "stray", "--read-only-port=1"});
  REQUIRE(args.size() == 3);
  CHECK(args[0].flag == "name");
  CHECK(args[0].value == "e1");
  CHECK(args[1].flag.empty());
  CHECK(args[2].flag.empty());
  CHECK(args[2].value == "--read-only-port=1");
}

TEST_CASE("go-flag parsing keeps underscores in flag names", "[settings]") {
  auto args = ParseCommandLine(Spec(FlagSyntax::kGoFlag), {"etcd", "--client_cert_auth=true"});
  REQUIRE(args.size() == 1);
  CHECK(args[0].flag == "client_cert_auth");
}

TEST_CASE("pflag booleans accept 1, 0, t, f, TRUE, True and False", "[settings]") {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) CHECK(ParseBool(t) == std::optional<bool>(true));
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) CHECK(ParseBool(f) == std::optional<bool>(false));
  CHECK_FALSE(ParseBool("yes").has_value());
  CHECK_FALSE(ParseBool("").has_value());
}

TEST_CASE("Go durations are read in seconds", "[settings]") {
  CHECK(ParseDurationSeconds("4h0m0s") == std::optional<double>(14400));
  CHECK(ParseDurationSeconds("5m") == std::optional<double>(300));
  CHECK(ParseDurationSeconds("0") == std::optional<double>(0));
  CHECK(ParseDurationSeconds("0s") == std::optional<double>(0));
  CHECK(ParseDurationSeconds("1h30m") == std::optional<double>(5400));
  CHECK(ParseDurationSeconds("300ms") == std::optional<double>(0.3));
  CHECK_FALSE(ParseDurationSeconds("5 minutes").has_value());
}

TEST_CASE("process args use the component's flag types from the catalog", "[settings]") {
  ComponentCatalog catalog;
  catalog.components["demo"] = Spec();
  ProcessEvidence p;
  p.component = "demo";
  p.argv = {"demo", "--anonymous-auth", "x"};
  CHECK(ParseProcessArgs(catalog, p).size() == 2);
  p.component = "unknown";
  auto generic = ParseProcessArgs(catalog, p);
  REQUIRE(generic.size() == 1);
  CHECK(generic[0].value == "x");
}

}  // namespace kubeproof
