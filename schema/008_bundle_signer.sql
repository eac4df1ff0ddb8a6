-- Schema version 8: who signed each bundle. `signer` is the fingerprint of the Ed25519 key whose
-- signature (SHA256SUMS.sig) verified at ingest, NULL for an unsigned bundle; `signer_trusted`
-- is 1 when that key was among the keys `--trust` named at ingest, 0 when it was not, NULL when
-- unsigned. Bundles stored before this version were read by a kubeproof that refused signed
-- bundles, so NULL is right for them.

ALTER TABLE bundles ADD COLUMN signer TEXT CHECK (signer LIKE 'SHA256:%');
ALTER TABLE bundles ADD COLUMN signer_trusted INTEGER
  CHECK ((signer IS NULL AND signer_trusted IS NULL) OR signer_trusted IN (0, 1));
