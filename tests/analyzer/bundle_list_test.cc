// How reports name the bundles they rest on: each with its signer, a fleet's as counts per signer.
#include <catch2/catch.hpp>

#include "analyzer/report/bundle_list.h"
#include "analyzer/report/comparison.h"
#include "analyzer/report/markdown_renderer.h"
#include "analyzer/report/text_renderer.h"

namespace kubeproof {
namespace {

// `count` bundles of cluster "fleet": every third unsigned, the rest signed by one of two keys,
// of which only the first was trusted at ingest.
ReportData Fleet(std::size_t count) {
  ReportData data;
  data.benchmark = "cis-1.6.0";
  data.benchmark_title = "CIS Kubernetes Benchmark 1.6.0";
  for (std::size_t i = 0; i < count; ++i) {
    NodeInfo n;
    n.bundle_id = static_cast<std::int64_t>(i + 1);
    n.node = "node-" + std::to_string(1000 + i);
    n.cluster = "fleet";
    n.started_at = "2026-11-28T10:00:00Z";
    n.sha256 = std::string(64, 'a');
    if (i % 3 == 1) n.signer = "SHA256:trustedkeytrustedkeytrustedkeytrustedkeyA", n.signer_trusted = true;
    if (i % 3 == 2) n.signer = "SHA256:otherkeyotherkeyotherkeyotherkeyotherkeyBB";
    data.nodes.push_back(n);
  }
  return data;
}

std::size_t Occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a signer reads as trusted, not trusted or unsigned", "[report][signature]") {
  NodeInfo b;
  CHECK(SignerText(b) == "unsigned");
  b.signer = "SHA256:abc";
  CHECK(SignerText(b) == "SHA256:abc (key not trusted)");
  b.signer_trusted = true;
  CHECK(SignerText(b) == "SHA256:abc (trusted)");
}

TEST_CASE("text and markdown list each bundle up to 100, and count a larger fleet's per signer", "[report][signature]") {
  RenderOptions options;
  const Comparison hundred = ComparisonBuilder(Fleet(kListedBundles), GroupBy::kCluster).Finish();
  const std::string text = RenderText(hundred, options);
  CHECK(Occurrences(text, "    sha256 " + std::string(64, 'a') + "\n") == kListedBundles);
  CHECK(Occurrences(text, "    unsigned\n") == 34);
  CHECK(Occurrences(text, "(trusted)\n") == 33);
  CHECK(Occurrences(text, "(key not trusted)\n") == 33);
  CHECK(Occurrences(RenderMarkdown(hundred, options), "| fleet/node-") == kListedBundles);

  const Comparison fleet = ComparisonBuilder(Fleet(kListedBundles + 1), GroupBy::kCluster).Finish();
  const std::string folded = RenderText(fleet, options);
  CHECK(Occurrences(folded, "sha256 ") == 0);
  CHECK_THAT(folded, Catch::Contains("bundles: 101 bundles, the newest of each node\n"
                                     "  34  SHA256:trustedkeytrustedkeytrustedkeytrustedkeyA (trusted)\n"
                                     "  34  unsigned\n"
                                     "  33  SHA256:otherkeyotherkeyotherkeyotherkeyotherkeyBB (key not trusted)\n"
                                     "  each one: kubeproof query --db FILE --name bundles\n"));
  const std::string markdown = RenderMarkdown(fleet, options);
  CHECK(Occurrences(markdown, "| fleet/node-") == 0);
  CHECK_THAT(markdown, Catch::Contains("| 34 | unsigned |\n"));
}

}  // namespace kubeproof
