#include "analyzer/config/config_values.h"

#include <catch2/catch.hpp>

#include <string>

namespace kubeproof {
namespace {

const ConfigValue* Find(const std::vector<ConfigValue>& values, const std::string& key) {
  for (const auto& v : values) {
    if (v.key_path == key) return &v;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("config flattening turns nested YAML into typed key paths", "[config]") {
  auto values = FlattenConfig(
      "kind: KubeletConfiguration\n"
      "authentication:\n  anonymous:\n    enabled: false\n"
      "readOnlyPort: 0\n"
      "tlsCipherSuites: [A, B]\n"
      "staticPodPath: \"/etc/kubernetes/manifests\"\n"
      "empty:\n",
      ConfigLimits{});
  REQUIRE(values.ok());
  const ConfigValue* anonymous = Find(*values, "authentication.anonymous.enabled");
  REQUIRE(anonymous != nullptr);
  CHECK(anonymous->value == "false");
  CHECK(anonymous->value_type == "bool");
  REQUIRE(Find(*values, "readOnlyPort") != nullptr);
  CHECK(Find(*values, "readOnlyPort")->value_type == "number");
  REQUIRE(Find(*values, "tlsCipherSuites[1]") != nullptr);
  CHECK(Find(*values, "tlsCipherSuites[1]")->value == "B");
  CHECK(Find(*values, "staticPodPath")->value_type == "string");
  CHECK(Find(*values, "empty")->value_type == "null");
}

TEST_CASE("config flattening numbers the documents of a multi-document file", "[config]") {
  auto values = FlattenConfig("a: 1\n---\nb: 2\n", ConfigLimits{});
  REQUIRE(values.ok());
  REQUIRE(values->size() == 2);
  CHECK((*values)[0].document == 0);
  CHECK((*values)[1].document == 1);
  CHECK((*values)[1].key_path == "b");
}

TEST_CASE("config flattening reads JSON such as the EKS kubelet config", "[config]") {
  auto values = FlattenConfig(R"({"kind":"KubeletConfiguration","authentication":{"anonymous":{"enabled":false}},)"
                              R"("readOnlyPort":0,"featureGates":{"RotateKubeletServerCertificate":true}})",
                              ConfigLimits{});
  REQUIRE(values.ok());
  REQUIRE(Find(*values, "featureGates.RotateKubeletServerCertificate") != nullptr);
  CHECK(Find(*values, "authentication.anonymous.enabled")->value == "false");
}

TEST_CASE("config flattening replays an alias at the place it is used", "[config]") {
  auto values = FlattenConfig("base: &tls {minVersion: VersionTLS12}\nserver: *tls\nkey: &k name\n*k : v\n", ConfigLimits{});
  REQUIRE(values.ok());
  REQUIRE(Find(*values, "server.minVersion") != nullptr);
  CHECK(Find(*values, "server.minVersion")->value == "VersionTLS12");
  REQUIRE(Find(*values, "name") != nullptr);
  CHECK(Find(*values, "name")->value == "v");
}

TEST_CASE("config flattening types only plain scalars by their text", "[config]") {
  auto values = FlattenConfig("a: \"true\"\nb: '8080'\nc: !!str 5\nd: |\n  12\ne: ~\nf: 'null'\ng: -1.5\n", ConfigLimits{});
  REQUIRE(values.ok());
  CHECK(Find(*values, "a")->value_type == "string");
  CHECK(Find(*values, "b")->value_type == "string");
  CHECK(Find(*values, "c")->value_type == "string");
  CHECK(Find(*values, "d")->value_type == "string");
  CHECK(Find(*values, "e")->value_type == "null");
  CHECK(Find(*values, "e")->value.empty());
  CHECK(Find(*values, "f")->value == "null");
  CHECK(Find(*values, "f")->value_type == "string");
  CHECK(Find(*values, "g")->value_type == "number");
}

TEST_CASE("config flattening reports an alias to an unfinished anchor as corrupt", "[config]") {
  auto values = FlattenConfig("a: &a [1, *a]\n", ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kCorrupt);
  CHECK_THAT(values.status().message(), Catch::Contains("*a"));
}

TEST_CASE("config flattening names the line of invalid input, including bad UTF-8", "[config]") {
  auto values = FlattenConfig("a: 1\nb: \xff\xfe\n", ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kCorrupt);
  auto unbalanced = FlattenConfig("a: 1\nb: [1, 2\n", ConfigLimits{});
  REQUIRE_FALSE(unbalanced.ok());
  CHECK_THAT(unbalanced.status().message(), Catch::Contains("line "));
}

TEST_CASE("config flattening bounds the node count of one flat document", "[config]") {
  ConfigLimits limits;
  limits.max_nodes = 100;
  std::string list;
  for (int i = 0; i < 500; ++i) list += "- x\n";
  auto values = FlattenConfig(list, limits);
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kLimit);
}

TEST_CASE("config flattening refuses an alias bomb without expanding it", "[config]") {
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string name(1, c);
    bomb += name + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + prev;
    bomb += "]\n";
    prev = name;
  }
  auto values = FlattenConfig(bomb, ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kLimit);
}

TEST_CASE("config flattening refuses 10,000-deep flow nesting", "[config]") {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  auto values = FlattenConfig(deep, ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kLimit);
}

TEST_CASE("config flattening refuses 10,000-deep block nesting", "[config]") {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "- ";
  deep += "x\n";
  auto values = FlattenConfig(deep, ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kLimit);
}

TEST_CASE("config flattening refuses a file over the byte limit", "[config]") {
  ConfigLimits limits;
  limits.max_bytes = 10;
  auto values = FlattenConfig("key: a value longer than ten bytes\n", limits);
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kLimit);
}

TEST_CASE("config flattening reports invalid YAML as corrupt, not as a limit", "[config]") {
  auto values = FlattenConfig("a: [1, 2\nb: }\n", ConfigLimits{});
  REQUIRE_FALSE(values.ok());
  CHECK(values.status().code() == Status::Code::kCorrupt);
}

TEST_CASE("structured config excludes systemd units and environment files", "[config]") {
  FileEvidence unit;
  unit.path = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";
  unit.content = "[Service]\n";
  CHECK_FALSE(IsStructuredConfig(unit));
  FileEvidence env = unit;
  env.path = "/etc/default/kubelet";
  CHECK_FALSE(IsStructuredConfig(env));
  FileEvidence config = unit;
  config.path = "/var/lib/kubelet/config.yaml";
  CHECK(IsStructuredConfig(config));
  config.content.reset();
  CHECK_FALSE(IsStructuredConfig(config));
}

}  // namespace kubeproof
