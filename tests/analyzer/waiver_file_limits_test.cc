#include <catch2/catch.hpp>

#include <string>

#include "analyzer/commands/command.h"
#include "analyzer/documents/rule_files.h"
#include "analyzer/waivers/waiver.h"
#include "tests/analyzer/report_test_db.h"
#include "tests/support/bad_bundles.h"

namespace kubeproof {
namespace {

const testing::ScratchDir& Scratch() {
  static const testing::ScratchDir dir("waiver-file-limits");
  return dir;
}

// `open` repeated `depth` times, then `close` as often: appended, never literal + string.
std::string Nested(std::size_t depth, char open, char close) {
  std::string text;
  text.reserve(2 * depth + 1);
  text.append(depth, open);
  text.append(depth, close);
  text += '\n';
  return text;
}

std::string WaiverFile(const std::string& name, const std::string& text) {
  return testing::WriteFile(Scratch() / name, text).string();
}

void RequireRefused(const Result<std::vector<Waiver>>& loaded, const std::string& message) {
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == Status::Code::kInvalidArgument);
  CHECK(loaded.status().message() == message);
}

}  // namespace

TEST_CASE("a JSON waiver file nested a million deep is refused by report and evaluate, not crashed on", "[waivers]") {
  std::string path = WaiverFile("deep.json", Nested(1000000, '[', ']'));
  RequireRefused(LoadWaivers(path), path + ": nesting deeper than 64 (limit)");
  testing::TestDatabase db(testing::TwoClusters());
  CHECK(RunReport({"--db", db.path().string(), "--waivers", path}) == kExitUsage);
  CHECK(RunEvaluate({"--db", db.path().string(), "--rules", KUBEPROOF_SOURCE_DIR "/benchmarks", "--waivers", path}) ==
        kExitUsage);
}

TEST_CASE("a YAML waiver file nested a million deep is refused naming the nesting limit", "[waivers]") {
  std::string path = WaiverFile("deep.yaml", Nested(1000000, '[', ']'));
  RequireRefused(LoadWaivers(path), path + ": nesting deeper than 64 (limit)");
  std::string maps;
  for (int i = 0; i < 65; ++i) maps += "{a: ";
  maps.append(65, '}');
  RequireRefused(LoadWaivers(WaiverFile("maps.yaml", maps)), Scratch().path().string() + "/maps.yaml: nesting deeper than 64 (limit)");
}

TEST_CASE("a waiver file larger than 32 MiB is refused before it is parsed", "[waivers]") {
  std::string text = "waivers: []\n";
  while (text.size() <= (32u << 20)) text += "# padding that parses to nothing\n";
  std::string path = WaiverFile("large.yaml", text);
  RequireRefused(LoadWaivers(path), path + ": larger than 33554432 bytes (limit)");
}

TEST_CASE("a waiver file of more than 2000000 nodes is refused naming the node limit", "[waivers]") {
  std::string text = "[";
  for (int i = 0; i < 2000000; ++i) text += "1,";
  text += "1]";
  RequireRefused(ParseWaivers(text, WaiverFormat::kJson, "w.json"), "w.json: more than 2000000 nodes (limit)");
  RequireRefused(ParseWaivers(text, WaiverFormat::kYaml, "w.yaml"), "w.yaml: more than 2000000 nodes (limit)");
}

TEST_CASE("a fleet's waiver file of 50,000 entries, one per node and check, loads whole", "[waivers]") {
  std::string text = "waivers:\n";
  for (int i = 0; i < 50000; ++i) {
    text += "  - {check: 4.2." + std::to_string(1 + i % 13) + ", cluster: fleet-" + std::to_string(i % 10) +
            ", nodes: worker-" + std::to_string(i) + ", justification: per-node exception " + std::to_string(i) +
            ", approved_by: security@example.com, expires: 2030-01-01}\n";
  }
  REQUIRE(text.size() > (4u << 20));
  std::string path = WaiverFile("fleet.yaml", text);
  auto loaded = LoadWaivers(path);
  INFO(loaded.status().message());
  REQUIRE(loaded.ok());
  CHECK(loaded->size() == 50000);
  CHECK(loaded->back().justification == "per-node exception 49999");
}

TEST_CASE("a fleet's waiver file is listed in the text and Markdown reports as a count per outcome", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string text = "waivers:\n";
  for (int i = 0; i < 150; ++i) {
    text += "  - {check: 4.2." + std::to_string(1 + i % 13) + ", nodes: worker-" + std::to_string(i) +
            ", justification: per-node exception, approved_by: security@example.com, expires: 2030-01-01}\n";
  }
  std::string path = WaiverFile("fleet-report.yaml", text);
  for (const char* format : {"text", "markdown"}) {
    auto out = db.dir() / (std::string("fleet-waivers.") + format);
    REQUIRE(RunReport({"--db", db.path().string(), "--waivers", path, "--format", format, "-o", out.string()}) == kExitOk);
    auto report = ReadWholeFile(out);
    REQUIRE(report.ok());
    INFO(*report);
    CHECK(report->find("150 waivers in the file") != std::string::npos);
    CHECK(report->find("unmatched") != std::string::npos);
    CHECK(report->find("worker-149") == std::string::npos);
  }
}

TEST_CASE("a YAML waiver with a key given twice is refused naming the key and its line", "[waivers]") {
  RequireRefused(ParseWaivers("waivers:\n"
                              "  - check: 4.2.4\n"
                              "    justification: closed by the security group\n"
                              "    justification: nothing to see\n"
                              "    approved_by: a\n"
                              "    expires: 2030-01-01\n",
                              WaiverFormat::kYaml, "w.yaml"),
                 "w.yaml: key \"justification\" repeated at line 4");
  RequireRefused(ParseWaivers("- {check: 1.1.1, check: 4.2.4, justification: j, approved_by: a, expires: 2030-01-01}\n",
                              WaiverFormat::kYaml, "w.yaml"),
                 "w.yaml: key \"check\" repeated at line 1");
  RequireRefused(ParseWaivers("waivers: []\nwaivers:\n  - {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n",
                              WaiverFormat::kYaml, "w.yaml"),
                 "w.yaml: key \"waivers\" repeated at line 2");
}

TEST_CASE("a JSON waiver with a key given twice is refused naming the key", "[waivers]") {
  RequireRefused(ParseWaivers(R"([{"check": "1.1.1", "justification": "j", "justification": "k", "approved_by": "a", "expires": "2030-01-01"}])",
                              WaiverFormat::kJson, "w.json"),
                 "w.json: key \"justification\" repeated");
  RequireRefused(ParseWaivers(R"({"waivers": [], "waivers": [{"check": "1.1.1"}]})", WaiverFormat::kJson, "w.json"),
                 "w.json: key \"waivers\" repeated");
}

TEST_CASE("report refuses a waiver file with a repeated key as a malformed waiver file", "[waivers]") {
  testing::TestDatabase db(testing::TwoClusters());
  std::string path = WaiverFile("twice.yaml", "- {check: 1.1.1, justification: j, approved_by: a, approved_by: b, expires: 2030-01-01}\n");
  CHECK(RunReport({"--db", db.path().string(), "--waivers", path, "-o", (db.dir() / "out.txt").string()}) == kExitUsage);
}

TEST_CASE("the same key in two waivers of one file is no repetition", "[waivers]") {
  auto w = ParseWaivers("- {check: 1.1.1, justification: j, approved_by: a, expires: 2030-01-01}\n"
                        "- {check: 4.2.4, justification: j, approved_by: a, expires: 2030-01-01}\n",
                        WaiverFormat::kYaml, "w.yaml");
  REQUIRE(w.ok());
  CHECK(w->size() == 2);
}

}  // namespace kubeproof
