-- Schema version 4: each process's working directory, which a relative path-valued flag
-- (--config=config.yaml) is resolved against. Rows ingested before it read 'not-recorded'.

ALTER TABLE processes ADD COLUMN cwd TEXT;
ALTER TABLE processes ADD COLUMN cwd_status TEXT NOT NULL DEFAULT 'not-recorded'
  CHECK (cwd_status IN ('known', 'unreadable', 'not-recorded'));
