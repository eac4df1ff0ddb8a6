-- Schema version 6: platforms. Each evaluation records the platform the node's evidence shows
-- (eks, aks, gke, k3s, rke2, kubeadm or unknown) and the markers it rests on; each benchmark
-- records the managed platform it is written for ('' for the generic CIS benchmarks).

DROP VIEW findings;

ALTER TABLE benchmarks ADD COLUMN platform TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN platform TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE evaluations ADD COLUMN platform_variant TEXT NOT NULL DEFAULT '';
ALTER TABLE evaluations ADD COLUMN platform_origin TEXT NOT NULL DEFAULT 'evaluated before the platform was recorded';

CREATE VIEW findings AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, r.check_id, c.section, c.title,
       c.scored, r.status, r.expected, r.actual, r.source, r.reason, r.reason_code,
       COALESCE(e.note, '') AS benchmark_note, COALESCE(e.platform, 'unknown') AS platform
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id
LEFT JOIN evaluations e ON e.bundle_id = r.bundle_id AND e.benchmark = r.benchmark;
