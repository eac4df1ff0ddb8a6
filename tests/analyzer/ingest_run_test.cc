#include "analyzer/ingest/ingest_run.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/support/bad_bundles.h"
#include "tests/support/database_snapshot.h"
#include "tests/support/evidence_builder.h"

namespace kubeproof {
namespace {

// Every event, in the order the run told it.
class EventLog : public IngestObserver {
 public:
  void Starting(std::size_t index, const std::string&) override { events.push_back("start " + std::to_string(index)); }
  void Refused(const std::string&, const Status&) override { events.push_back("refused"); }
  void AlreadyPresent(const std::string&, const IngestOutcome& outcome) override {
    events.push_back("present " + outcome.node);
  }
  std::vector<std::string> events;
};

}  // namespace

TEST_CASE("an ingest run stores bundles in list order across commit groups, each once", "[ingest]") {
  testing::ScratchDir dir("ingest-run-groups");
  std::vector<std::string> paths;
  for (const std::string node : {"n0", "n1", "n2", "n3", "n4"}) {
    paths.push_back(testing::WriteFile(dir / (node + ".tar.gz"), testing::WriteBundle(testing::WorkerBundle(node))).string());
  }
  paths.insert(paths.begin() + 2, testing::WriteFile(dir / "bad.tar.gz", "not a bundle").string());
  paths.push_back(paths[0]);  // the same file again: already present

  IngestSettings settings;
  settings.rules = &testing::Cis16Rules();
  IngestRunOptions options;
  options.workers = 3;
  options.group_bundles = 2;
  auto db = Database::Open(dir / "audit.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  EventLog log;
  auto tally = IngestBundles(db->get(), paths, settings, options, log);
  REQUIRE(tally.ok());
  CHECK(tally->added == 5);
  CHECK(tally->refused == 1);
  CHECK(tally->present == 1);
  CHECK(log.events == std::vector<std::string>{"start 0", "start 1", "start 2", "refused", "start 3", "start 4",
                                               "start 5", "start 6", "present n0"});
  CHECK((*db)->InAutocommit());
  db->reset();

  const auto path = dir / "audit.db";
  CHECK(testing::QueryValue(path, "SELECT group_concat(node, ',') FROM (SELECT node FROM bundles ORDER BY bundle_id)") ==
        "n0,n1,n2,n3,n4");
  const std::string checks = std::to_string(testing::Cis16().checks.size());
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM checks") == checks);
  CHECK(testing::QueryValue(path, "SELECT count(*) FROM bundles b WHERE (SELECT count(*) FROM check_results r"
                                  " WHERE r.bundle_id = b.bundle_id) <> " + checks) == "0");
}

}  // namespace kubeproof
