-- Schema version 2: rows written by the hundred per bundle are stored once, in their primary
-- key's order (WITHOUT ROWID), instead of in a table plus an index of the same key; and the
-- index on config_values.key_path, whose random-order inserts slowed every ingest, is gone.
-- Columns, keys and views are unchanged.

DROP VIEW findings;
DROP VIEW section_summary;
DROP VIEW node_settings;
DROP INDEX config_values_by_key;

CREATE TABLE process_args_v2 (
  process_id INTEGER NOT NULL REFERENCES processes(process_id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  flag       TEXT,
  value      TEXT,
  redacted   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (process_id, position)
) WITHOUT ROWID;
INSERT INTO process_args_v2 SELECT process_id, position, flag, value, redacted FROM process_args;
DROP TABLE process_args;
ALTER TABLE process_args_v2 RENAME TO process_args;

CREATE TABLE check_results_v2 (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  benchmark TEXT NOT NULL,
  check_id  TEXT NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('PASS', 'FAIL', 'MANUAL', 'UNVERIFIABLE', 'WAIVED')),
  expected  TEXT NOT NULL,
  actual    TEXT NOT NULL,
  source    TEXT NOT NULL,
  reason    TEXT NOT NULL,
  evaluated_at TEXT NOT NULL,
  PRIMARY KEY (bundle_id, benchmark, check_id),
  FOREIGN KEY (benchmark, check_id) REFERENCES checks(benchmark, check_id)
) WITHOUT ROWID;
INSERT INTO check_results_v2
  SELECT bundle_id, benchmark, check_id, status, expected, actual, source, reason, evaluated_at FROM check_results;
DROP TABLE check_results;
ALTER TABLE check_results_v2 RENAME TO check_results;

CREATE TABLE effective_settings_v2 (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  component TEXT NOT NULL,
  name      TEXT NOT NULL,
  value     TEXT NOT NULL,
  source    TEXT NOT NULL,
  PRIMARY KEY (bundle_id, component, name)
) WITHOUT ROWID;
INSERT INTO effective_settings_v2 SELECT bundle_id, component, name, value, source FROM effective_settings;
DROP TABLE effective_settings;
ALTER TABLE effective_settings_v2 RENAME TO effective_settings;

CREATE VIEW findings AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, r.check_id, c.section, c.title,
       c.scored, r.status, r.expected, r.actual, r.source, r.reason
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id;

CREATE VIEW section_summary AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, c.section, s.title AS section_title,
       SUM(r.status = 'PASS') AS passed,
       SUM(r.status = 'FAIL') AS failed,
       SUM(r.status = 'WAIVED') AS waived,
       SUM(r.status = 'MANUAL') AS manual,
       SUM(r.status = 'UNVERIFIABLE') AS unverifiable,
       CASE WHEN SUM(r.status IN ('PASS', 'FAIL', 'WAIVED')) = 0 THEN NULL
            ELSE ROUND(100.0 * SUM(r.status = 'PASS') / SUM(r.status IN ('PASS', 'FAIL', 'WAIVED')), 1)
       END AS ratio_percent,
       CASE WHEN SUM(r.status IN ('PASS', 'FAIL', 'WAIVED')) = 0 THEN NULL
            ELSE ROUND(100.0 * SUM(r.status IN ('PASS', 'WAIVED')) / SUM(r.status IN ('PASS', 'FAIL', 'WAIVED')), 1)
       END AS ratio_with_waivers_percent
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id
JOIN sections s ON s.benchmark = c.benchmark AND s.section = c.section
GROUP BY r.bundle_id, r.benchmark, c.section;

CREATE VIEW node_settings AS
SELECT e.bundle_id, b.node, b.cluster, e.component, e.name, e.value, e.source
FROM effective_settings e
JOIN bundles b ON b.bundle_id = e.bundle_id;
