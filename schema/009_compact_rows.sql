-- Schema version 9: a fleet's database stores what repeats across nodes once. Every absent path a
-- bundle looked up goes into one shared listing per distinct set of (path, why); copied file
-- bytes are stored once per SHA-256; texts of check results and effective settings go into one
-- dictionary, `texts`, and rows hold their ids. `files`, `file_contents`, `check_results` and
-- `effective_settings` become views with the columns and rows they had, so queries against them
-- keep their meaning. The space the moved rows leave stays in the file until `VACUUM`.
-- sha256_hex() is defined by kubeproof on its own connections (analyzer/store/sql_functions.h).

DROP VIEW findings;
DROP VIEW section_summary;
DROP VIEW node_settings;

-- Absent lookups: a bundle's plain absent rows (nothing but path and why recorded) become one
-- reference to a listing, a JSON array of [path, why] in path order shared by every bundle whose
-- set is the same.
CREATE TABLE absent_sets (
  absent_set_id INTEGER PRIMARY KEY,
  listing       TEXT NOT NULL UNIQUE
);

CREATE TABLE absent_lookups (
  bundle_id     INTEGER PRIMARY KEY REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  absent_set_id INTEGER NOT NULL REFERENCES absent_sets(absent_set_id)
);

CREATE TEMP TABLE absent_listing AS
SELECT DISTINCT bundle_id,
       json_group_array(json_array(path, why)) OVER (
         PARTITION BY bundle_id ORDER BY path ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS listing
FROM files f
WHERE status = 'absent' AND type IS NULL AND mode IS NULL AND mode_octal IS NULL AND uid IS NULL
  AND gid IS NULL AND owner IS NULL AND group_name IS NULL AND size IS NULL AND mtime IS NULL
  AND link_target IS NULL AND error IS NULL AND content_policy IS NULL AND content_sha256 IS NULL
  AND NOT EXISTS (SELECT 1 FROM file_contents c WHERE c.file_id = f.file_id)
  AND NOT EXISTS (SELECT 1 FROM config_values v WHERE v.file_id = f.file_id);

INSERT OR IGNORE INTO absent_sets (listing) SELECT listing FROM temp.absent_listing ORDER BY bundle_id;
INSERT INTO absent_lookups (bundle_id, absent_set_id)
SELECT a.bundle_id, s.absent_set_id FROM temp.absent_listing a JOIN absent_sets s ON s.listing = a.listing;
DROP TABLE temp.absent_listing;

-- The rows left are the paths the collector found, or could not examine: renaming keeps their
-- file_id, and SQLite points file_contents and config_values at the new name.
ALTER TABLE files RENAME TO file_records;
DELETE FROM file_records
WHERE status = 'absent' AND type IS NULL AND mode IS NULL AND mode_octal IS NULL AND uid IS NULL
  AND gid IS NULL AND owner IS NULL AND group_name IS NULL AND size IS NULL AND mtime IS NULL
  AND link_target IS NULL AND error IS NULL AND content_policy IS NULL AND content_sha256 IS NULL
  AND NOT EXISTS (SELECT 1 FROM file_contents c WHERE c.file_id = file_records.file_id)
  AND NOT EXISTS (SELECT 1 FROM config_values v WHERE v.file_id = file_records.file_id);

CREATE VIEW files AS
SELECT file_id, bundle_id, path, status, type, mode, mode_octal, uid, gid, owner, group_name, size,
       mtime, link_target, error, content_policy, content_sha256, why
FROM file_records
UNION ALL
SELECT NULL, l.bundle_id, json_extract(j.value, '$[0]'), 'absent', NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, json_extract(j.value, '$[1]')
FROM absent_lookups l
JOIN absent_sets s ON s.absent_set_id = l.absent_set_id
JOIN json_each(s.listing) j;

-- Copied bytes: one row per distinct content, addressed by its SHA-256.
CREATE TABLE contents (
  content_id INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL UNIQUE,
  content    BLOB NOT NULL
);

CREATE TABLE file_members (
  file_id    INTEGER PRIMARY KEY REFERENCES file_records(file_id) ON DELETE CASCADE,
  member     TEXT NOT NULL,
  content_id INTEGER NOT NULL REFERENCES contents(content_id)
);

INSERT OR IGNORE INTO contents (sha256, content)
SELECT sha256_hex(content), content FROM file_contents ORDER BY file_id;
INSERT INTO file_members (file_id, member, content_id)
SELECT f.file_id, f.member, c.content_id FROM file_contents f JOIN contents c ON c.sha256 = sha256_hex(f.content);
DROP TABLE file_contents;

-- A content or absent set goes with the last bundle that refers to it: deleting a bundle deletes
-- the bytes it copied and the paths it looked up.
CREATE INDEX file_members_by_content ON file_members(content_id);
CREATE TRIGGER contents_unreferenced AFTER DELETE ON file_members
WHEN NOT EXISTS (SELECT 1 FROM file_members WHERE content_id = OLD.content_id)
BEGIN
  DELETE FROM contents WHERE content_id = OLD.content_id;
END;
CREATE INDEX absent_lookups_by_set ON absent_lookups(absent_set_id);
CREATE TRIGGER absent_sets_unreferenced AFTER DELETE ON absent_lookups
WHEN NOT EXISTS (SELECT 1 FROM absent_lookups WHERE absent_set_id = OLD.absent_set_id)
BEGIN
  DELETE FROM absent_sets WHERE absent_set_id = OLD.absent_set_id;
END;

CREATE VIEW file_contents AS
SELECT m.file_id, m.member, c.content
FROM file_members m
LEFT JOIN contents c ON c.content_id = m.content_id;

-- Check results and effective settings: the texts repeated across nodes and evaluations are
-- stored once.
CREATE TABLE texts (
  text_id INTEGER PRIMARY KEY,
  text    TEXT NOT NULL UNIQUE
);

INSERT OR IGNORE INTO texts (text)
SELECT expected FROM check_results UNION SELECT actual FROM check_results
UNION SELECT source FROM check_results UNION SELECT reason FROM check_results
UNION SELECT evaluated_at FROM check_results
UNION SELECT value FROM effective_settings UNION SELECT source FROM effective_settings;

CREATE TABLE check_records (
  bundle_id       INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  benchmark       TEXT NOT NULL,
  check_id        TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PASS', 'FAIL', 'MANUAL', 'UNVERIFIABLE', 'WAIVED')),
  expected_id     INTEGER NOT NULL REFERENCES texts(text_id),
  actual_id       INTEGER NOT NULL REFERENCES texts(text_id),
  source_id       INTEGER NOT NULL REFERENCES texts(text_id),
  reason_id       INTEGER NOT NULL REFERENCES texts(text_id),
  evaluated_at_id INTEGER NOT NULL REFERENCES texts(text_id),
  reason_code     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (bundle_id, benchmark, check_id),
  FOREIGN KEY (benchmark, check_id) REFERENCES checks(benchmark, check_id)
) WITHOUT ROWID;

INSERT INTO check_records
SELECT r.bundle_id, r.benchmark, r.check_id, r.status,
       (SELECT text_id FROM texts WHERE text = r.expected),
       (SELECT text_id FROM texts WHERE text = r.actual),
       (SELECT text_id FROM texts WHERE text = r.source),
       (SELECT text_id FROM texts WHERE text = r.reason),
       (SELECT text_id FROM texts WHERE text = r.evaluated_at),
       r.reason_code
FROM check_results r;
DROP TABLE check_results;

-- LEFT JOINs on unique keys: a query that reads none of a text's columns skips its join.
CREATE VIEW check_results AS
SELECT r.bundle_id, r.benchmark, r.check_id, r.status, e.text AS expected, a.text AS actual,
       s.text AS source, n.text AS reason, t.text AS evaluated_at, r.reason_code
FROM check_records r
LEFT JOIN texts e ON e.text_id = r.expected_id
LEFT JOIN texts a ON a.text_id = r.actual_id
LEFT JOIN texts s ON s.text_id = r.source_id
LEFT JOIN texts n ON n.text_id = r.reason_id
LEFT JOIN texts t ON t.text_id = r.evaluated_at_id;

CREATE TABLE setting_records (
  bundle_id INTEGER NOT NULL REFERENCES bundles(bundle_id) ON DELETE CASCADE,
  benchmark TEXT NOT NULL,
  component TEXT NOT NULL,
  name      TEXT NOT NULL,
  value_id  INTEGER NOT NULL REFERENCES texts(text_id),
  source_id INTEGER NOT NULL REFERENCES texts(text_id),
  PRIMARY KEY (bundle_id, benchmark, component, name)
) WITHOUT ROWID;

INSERT INTO setting_records
SELECT e.bundle_id, e.benchmark, e.component, e.name,
       (SELECT text_id FROM texts WHERE text = e.value),
       (SELECT text_id FROM texts WHERE text = e.source)
FROM effective_settings e;
DROP TABLE effective_settings;

CREATE VIEW effective_settings AS
SELECT s.bundle_id, s.benchmark, s.component, s.name, v.text AS value, o.text AS source
FROM setting_records s
LEFT JOIN texts v ON v.text_id = s.value_id
LEFT JOIN texts o ON o.text_id = s.source_id;

CREATE VIEW node_settings AS
SELECT e.bundle_id, b.node, b.cluster, e.benchmark, e.component, e.name, e.value, e.source
FROM effective_settings e
JOIN bundles b ON b.bundle_id = e.bundle_id;

CREATE VIEW findings AS
SELECT r.bundle_id, b.node, b.cluster, r.benchmark, r.check_id, c.section, c.title,
       c.scored, r.status, r.expected, r.actual, r.source, r.reason, r.reason_code,
       COALESCE(e.note, '') AS benchmark_note, COALESCE(e.platform, 'unknown') AS platform
FROM check_results r
JOIN bundles b ON b.bundle_id = r.bundle_id
JOIN checks c ON c.benchmark = r.benchmark AND c.check_id = r.check_id
LEFT JOIN evaluations e ON e.bundle_id = r.bundle_id AND e.benchmark = r.benchmark;

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
