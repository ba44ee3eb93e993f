-- The alert rules 'Corrupted data rate high' and 'No events stored' filter on created_at, which had no index, so
-- every evaluation read every partition whole (issue 19). created_at is the insertion time, so it grows with the
-- rows' physical order, which is what a BRIN index needs: each partition's index holds a few entries per 128
-- pages, costs next to nothing to keep up on the write path, and leaves the rules a few recent block ranges to
-- read. autosummarize lets autovacuum summarize each block range as it fills.
CREATE INDEX idx_heartbeats_created_at ON heartbeats USING brin (created_at) WITH (autosummarize = on);
