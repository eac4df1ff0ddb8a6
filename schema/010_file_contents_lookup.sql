-- Schema version 10: `file_contents` reads each file's bytes by a lookup in `contents` rather
-- than through a join. A view holding a join cannot be merged into a query that LEFT JOINs it,
-- so SQLite copied every stored content for each such query (reading one bundle's evidence cost
-- the whole database). Same columns, same rows.
DROP VIEW file_contents;
CREATE VIEW file_contents AS
SELECT m.file_id, m.member, (SELECT c.content FROM contents c WHERE c.content_id = m.content_id) AS content
FROM file_members m;
