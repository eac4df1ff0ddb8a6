// Turns a verified bundle's manifest and evidence members into NodeEvidence, checking every
// field's type: a verified checksum says the bytes are whole, not that they are well-formed.
#pragma once

#include "analyzer/bundle/bundle_verifier.h"
#include "analyzer/evidence/node_evidence.h"
#include "common/status.h"

namespace kubeproof {

Result<NodeEvidence> ParseEvidence(const VerifiedBundle& bundle);

}  // namespace kubeproof
