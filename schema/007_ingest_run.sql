-- Schema version 7: audit rounds. Each `kubeproof ingest` invocation stamps every bundle it
-- stores with one run number, 1 + the highest stored when it stores its first bundle, so a
-- report can tell this audit from the one before. Bundles stored before this version keep NULL:
-- each distinct ingested_at among them counts as one run, older than every numbered run.

ALTER TABLE bundles ADD COLUMN ingest_run INTEGER CHECK (ingest_run > 0);
