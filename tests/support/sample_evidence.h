// A sample node's evidence as ingest reads it: staged with its modes and owners, collected,
// verified and parsed.
#pragma once

#include "analyzer/evidence/node_evidence.h"
#include "tools/sample_nodes.h"

namespace kubeproof::testing {

// Fails the running test when any step fails.
NodeEvidence CollectSampleEvidence(const samples::SampleNode& sample);

}  // namespace kubeproof::testing
