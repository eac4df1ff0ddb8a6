-- Schema version 5: several benchmarks side by side. Effective settings are kept per (bundle,
-- benchmark), because the Kubernetes version a benchmark assumes changes the defaults; each
-- (bundle, benchmark) evaluation records the node's version and why the benchmark was chosen;
-- each benchmark records the Kubernetes versions it was written for.

DROP VIEW node_settings;
DROP VIEW findings;

ALTER TABLE benchmarks ADD COLUMN kubernetes_range TEXT NOT NULL DEFAULT '';

CREATE TABLE evaluations (
  bundle_id          INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  benchmark          TEXT NOT NULL REFERENCES benchmarks(benchmark) ON DELETE CASCADE,
  kubernetes_version TEXT,
  version_origin     TEXT NOT NULL,
  basis              TEXT NOT NULL CHECK (basis IN ('requested', 'in-range', 'nearest', 'no-version', 'unrecorded')),
  note               TEXT NOT NULL,
  evaluated_at       TEXT NOT NULL,
  PRIMARY KEY (bundle_id, benchmark)
) WITHOUT ROWID;

INSERT INTO evaluations (bundle_id, benchmark, kubernetes_version, version_origin, basis, note, evaluated_at)
SELECT bundle_id, benchmark, NULL, '', 'unrecorded', 'evaluated before the benchmark choice was recorded', MAX(evaluated_at)
FROM check_results GROUP BY bundle_id, benchmark;

CREATE TABLE effective_settings_v5 (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  benchmark TEXT NOT NULL,
  component TEXT NOT NULL,
  name      TEXT NOT NULL,
  value     TEXT NOT NULL,
  source    TEXT NOT NULL,
  PRIMARY KEY (bundle_id, benchmark, component, name)
) WITHOUT ROWID;
INSERT INTO effective_settings_v5
SELECT s.bundle_id, e.benchmark, s.component, s.name, s.value, s.source
FROM effective_settings s JOIN evaluations e ON e.bundle_id = s.bundle_id;
DROP TABLE effective_settings;
ALTER TABLE effective_settings_v5 RENAME TO effective_settings;

CREATE VIEW node_settings AS
SELECT e.bundle_id, b.node, b.cluster, e.benchmark, e.component, e.name, e.value, e.source
FROM effective_settings e
JOIN bundles b ON b.bundle_id = e.bundle_id;

CREATE VIEW findings AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, r.check_id, c.section, c.title,
       c.scored, r.status, r.expected, r.actual, r.source, r.reason, r.reason_code,
       COALESCE(e.note, '') AS benchmark_note
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id
LEFT JOIN evaluations e ON e.bundle_id = r.bundle_id AND e.benchmark = r.benchmark;
