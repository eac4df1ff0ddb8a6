// The safe list applied again to a parsed bundle, before anything is stored, evaluated or
// printed: a bundle from an older or modified collector cannot bring a secret into the database.
#pragma once

#include "analyzer/evidence/node_evidence.h"
#include "common/status.h"

namespace kubeproof {

// Filters every process's argv and every copied file's content with the compiled-in safe list,
// using the content profile the collector recorded (or one inferred from the path for bundles
// without it). Content that does not parse is dropped with a `parse` note; each value withheld
// here is added to the redactions with the reason suffixed "(at ingest)". Errors: Status::Limit
// for content past a parser's bounds (a hostile bundle, refused whole).
Status ApplySafeList(NodeEvidence* evidence);

}  // namespace kubeproof
