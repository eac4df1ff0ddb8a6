#include "tests/support/sample_evidence.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/bundle/evidence_parser.h"
#include "collector/collector.h"
#include "tests/collector/collector_test_util.h"

namespace kubeproof::testing {

namespace fs = std::filesystem;

NodeEvidence CollectSampleEvidence(const samples::SampleNode& sample) {
  TempDir dir;
  fs::path root = samples::StageSampleNode(sample, dir.path());
  return CollectRootEvidence(root.string(), sample.cluster);
}

NodeEvidence CollectRootEvidence(const std::string& root, const std::string& cluster) {
  TempDir dir;
  fs::create_directories(fs::path(root) / "proc");
  CollectOptions options;
  options.root = root;
  options.cluster = cluster;
  Result<CollectedBundle> bundle = Collect(options);
  REQUIRE(bundle.ok());
  fs::path path = fs::path(dir.path()) / "bundle.tar.gz";
  std::ofstream(path, std::ios::binary) << bundle->bytes;
  Result<VerifiedBundle> verified = ReadVerifiedBundle(path, ArchiveLimits{});
  REQUIRE(verified.ok());
  Result<NodeEvidence> evidence = ParseEvidence(*verified);
  REQUIRE(evidence.ok());
  return std::move(evidence).value();
}

}  // namespace kubeproof::testing
