// A sample node's evidence as ingest reads it: staged with its modes and owners, collected,
// verified and parsed.
#pragma once

#include <string>

#include "analyzer/evidence/node_evidence.h"
#include "tools/sample_nodes.h"

namespace kubeproof::testing {

// Fails the running test when any step fails.
NodeEvidence CollectSampleEvidence(const samples::SampleNode& sample);

// The same for a node root a test wrote itself.
NodeEvidence CollectRootEvidence(const std::string& root, const std::string& cluster);

}  // namespace kubeproof::testing
