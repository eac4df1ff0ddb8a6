-- Schema version 1: evidence from bundles, benchmark metadata, findings, and the views auditors
-- query. SCHEMA.md documents every table, view and column.

CREATE TABLE bundles (
  bundle_id         INTEGER PRIMARY KEY,
  sha256            TEXT NOT NULL UNIQUE,
  format_version    INTEGER NOT NULL,
  collector_name    TEXT NOT NULL,
  collector_version TEXT NOT NULL,
  node              TEXT NOT NULL,
  cluster           TEXT,
  hostname          TEXT,
  os_release        TEXT,
  kernel_release    TEXT,
  started_at        TEXT NOT NULL,
  finished_at       TEXT NOT NULL,
  process_view      TEXT NOT NULL CHECK (process_view IN ('full', 'limited')),
  options_json      TEXT NOT NULL,
  ingested_at       TEXT NOT NULL
);

CREATE TABLE kubernetes_versions (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  component TEXT NOT NULL,
  version   TEXT NOT NULL,
  source    TEXT NOT NULL
);
CREATE INDEX kubernetes_versions_by_bundle ON kubernetes_versions(bundle_id);

CREATE TABLE processes (
  process_id  INTEGER PRIMARY KEY,
  bundle_id   INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  pid         INTEGER NOT NULL,
  start_time  INTEGER,
  uid         INTEGER,
  component   TEXT NOT NULL,
  argv_json   TEXT NOT NULL
);
CREATE INDEX processes_by_bundle ON processes(bundle_id);

CREATE TABLE process_args (
  process_id INTEGER NOT NULL REFERENCES processes(process_id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  flag       TEXT,
  value      TEXT,
  redacted   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (process_id, position)
);

CREATE TABLE files (
  file_id        INTEGER PRIMARY KEY,
  bundle_id      INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  path           TEXT NOT NULL,
  status         TEXT NOT NULL,
  type           TEXT,
  mode           INTEGER,
  mode_octal     TEXT,
  uid            INTEGER,
  gid            INTEGER,
  owner          TEXT,
  group_name     TEXT,
  size           INTEGER,
  mtime          TEXT,
  link_target    TEXT,
  error          TEXT,
  content_policy TEXT,
  content_sha256 TEXT,
  why            TEXT NOT NULL,
  UNIQUE (bundle_id, path)
);

CREATE TABLE file_contents (
  file_id INTEGER PRIMARY KEY REFERENCES files(file_id) ON DELETE CASCADE,
  member  TEXT NOT NULL,
  content BLOB NOT NULL
);

CREATE TABLE redactions (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  member    TEXT NOT NULL,
  field     TEXT NOT NULL,
  reason    TEXT NOT NULL
);
CREATE INDEX redactions_by_bundle ON redactions(bundle_id);

CREATE TABLE collection_notes (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('skipped', 'truncated', 'problem', 'parse')),
  path      TEXT NOT NULL,
  detail    TEXT NOT NULL
);
CREATE INDEX collection_notes_by_bundle ON collection_notes(bundle_id);

CREATE TABLE config_values (
  file_id    INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
  document   INTEGER NOT NULL,
  key_path   TEXT NOT NULL,
  value      TEXT NOT NULL,
  value_type TEXT NOT NULL
);
CREATE INDEX config_values_by_file ON config_values(file_id);
CREATE INDEX config_values_by_key ON config_values(key_path);

CREATE TABLE benchmarks (
  benchmark TEXT PRIMARY KEY,
  title     TEXT NOT NULL
);

CREATE TABLE sections (
  benchmark TEXT NOT NULL REFERENCES benchmarks(benchmark) ON DELETE CASCADE,
  section   TEXT NOT NULL,
  title     TEXT NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (benchmark, section)
);

CREATE TABLE checks (
  benchmark   TEXT NOT NULL REFERENCES benchmarks(benchmark) ON DELETE CASCADE,
  check_id    TEXT NOT NULL,
  section     TEXT NOT NULL,
  title       TEXT NOT NULL,
  scored      INTEGER NOT NULL,
  automated   INTEGER NOT NULL,
  component   TEXT NOT NULL,
  expected    TEXT NOT NULL,
  remediation TEXT NOT NULL,
  position    INTEGER NOT NULL,
  PRIMARY KEY (benchmark, check_id)
);

CREATE TABLE check_results (
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
);

CREATE TABLE effective_settings (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  component TEXT NOT NULL,
  name      TEXT NOT NULL,
  value     TEXT NOT NULL,
  source    TEXT NOT NULL,
  PRIMARY KEY (bundle_id, component, name)
);

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
