#include <catch2/catch.hpp>

#include <string>

#include "analyzer/documents/json_document.h"
#include "analyzer/documents/yaml_document.h"

namespace kubeproof {
namespace {

std::string Nested(int depth) {
  std::string text;
  text.append(static_cast<std::size_t>(depth), '[');
  text.append(static_cast<std::size_t>(depth), ']');
  return text;
}

}  // namespace

TEST_CASE("JSON and YAML 64 levels deep parse and 65 are refused as past the limit", "[documents]") {
  CHECK(ParseJsonDocument(Nested(64), DocumentLimits()).ok());
  CHECK(LoadYamlDocument(Nested(64), DocumentLimits()).ok());
  auto json = ParseJsonDocument(Nested(65), DocumentLimits());
  REQUIRE_FALSE(json.ok());
  CHECK(json.status().code() == Status::Code::kLimit);
  CHECK(json.status().message() == "nesting deeper than 64 (limit)");
  auto yaml = LoadYamlDocument(Nested(65), DocumentLimits());
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == Status::Code::kLimit);
  CHECK(yaml.status().message() == "nesting deeper than 64 (limit)");
}

TEST_CASE("a key repeated in a nested object is refused, the same key in sibling objects is not", "[documents]") {
  CHECK(ParseJsonDocument(R"([{"a": 1}, {"a": 2}, {"a": {"a": 3}}])", DocumentLimits()).ok());
  auto json = ParseJsonDocument(R"({"x": [{"a": 1, "b": {"c": 1}, "a": 2}]})", DocumentLimits());
  REQUIRE_FALSE(json.ok());
  CHECK(json.status().code() == Status::Code::kCorrupt);
  CHECK(json.status().message() == "key \"a\" repeated");
  CHECK(LoadYamlDocument("- {a: 1}\n- {a: 2}\n- a: {a: 3}\n", DocumentLimits()).ok());
  auto yaml = LoadYamlDocument("x:\n  - a: 1\n    b: {c: 1}\n    \"a\": 2\n", DocumentLimits());
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == Status::Code::kCorrupt);
  CHECK(yaml.status().message() == "key \"a\" repeated at line 4");
}

TEST_CASE("a repeated key is shown on one line, escaped and cut short", "[documents]") {
  CHECK(QuotedKey("a\nb\"c") == "\"a\\x0ab\\x22c\"");
  CHECK(QuotedKey(std::string(100, 'k')) == "\"" + std::string(80, 'k') + "...\"");
}

TEST_CASE("malformed JSON and YAML are refused as corrupt with the parser's reason", "[documents]") {
  auto json = ParseJsonDocument("{\"a\": ", DocumentLimits());
  REQUIRE_FALSE(json.ok());
  CHECK(json.status().code() == Status::Code::kCorrupt);
  CHECK_THAT(json.status().message(), Catch::StartsWith("malformed JSON ("));
  auto yaml = LoadYamlDocument("a: [1, 2\n", DocumentLimits());
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.status().code() == Status::Code::kCorrupt);
  CHECK_THAT(yaml.status().message(), Catch::StartsWith("not valid YAML or JSON: "));
}

}  // namespace kubeproof
