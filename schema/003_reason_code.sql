-- Schema version 3: each check result carries a stable reason code beside its reason text, so
-- "component not on this node" and "file could not be read" are told apart without parsing
-- words. Rows evaluated before this version get '' until `kubeproof evaluate` runs again.

DROP VIEW findings;

ALTER TABLE check_results ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';

CREATE VIEW findings AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, r.check_id, c.section, c.title,
       c.scored, r.status, r.expected, r.actual, r.source, r.reason, r.reason_code
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id;
