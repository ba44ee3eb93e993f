-- The alert rules 'Corrupted data rate high' and 'No events stored' filter on created_at, which had no index, so
-- every evaluation read the whole table (issue 19). created_at is the insertion time, so it grows with the rows'
-- physical order, which is what BRIN needs: a few entries per 128 pages, next to free on the write path. The
-- rollup job (V7) finds the rows stored since its last run through it too. IF NOT EXISTS and the same name and
-- definition as the partition branch's V5, so a database that got that index there keeps the one it has.
-- autosummarize lets autovacuum summarize each block range as it fills.
CREATE INDEX IF NOT EXISTS idx_heartbeats_created_at ON heartbeats USING brin (created_at) WITH (autosummarize = on);
