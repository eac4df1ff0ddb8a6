// JsonStream: a JSON document written piece by piece.
#include "analyzer/report/json_stream.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kubeproof {
namespace {

TEST_CASE("a streamed JSON document indents its containers and puts each value on a line",
          "[report][oscal]") {
  std::ostringstream out;
  JsonStream json(out);
  json.Open("", '{');
  json.Member("a", 1);
  json.Open("list", '[');
  json.Element({{"x", "y"}});
  json.Element("bad \xC3\x28 byte");
  json.Close();
  json.Open("empty", '{');
  json.Close();
  json.Close();
  CHECK(out.str() ==
        "{\n"
        "  \"a\": 1,\n"
        "  \"list\": [\n"
        "    {\"x\":\"y\"},\n"
        "    \"bad \xEF\xBF\xBD( byte\"\n"
        "  ],\n"
        "  \"empty\": {}\n"
        "}\n");
}

TEST_CASE("a lazy array of a streamed JSON document is written only when it gets an element",
          "[report][oscal]") {
  std::ostringstream out;
  JsonStream json(out);
  json.Open("", '{');
  json.OpenLazyArray("none");
  json.Close();
  json.OpenLazyArray("some");
  json.Element(2);
  json.Close();
  json.OpenLazyArray("none either");
  json.Close();
  json.Close();
  CHECK(out.str() == "{\n  \"some\": [\n    2\n  ]\n}\n");
  CHECK(nlohmann::json::parse(out.str()) == nlohmann::json::parse(R"({"some": [2]})"));
}

}  // namespace
}  // namespace kubeproof
