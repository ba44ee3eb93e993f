-- heartbeat_five_minutes: each patient's heart rate per 5 minutes of the readings' own time, so that 'Live heart
-- rate per patient' reads one row per point where its points are 5 minutes apart or more (a 24 h range: 288 per
-- patient) rather than five minutes (docs/dashboards.md#rollup). Over 24 h with 500 patients the panel grouped
-- 720,000 minutes into 144,000 points, which alone took 1 to 1.5 s; these rows are the points already.
--
-- Derived from heartbeat_minutes, as that is from heartbeats, and kept by the same job. Sums and counts, never
-- averages: the sum of the valid and invalid_physiological values of the patient's 5 minutes (NULL when there is
-- none) and how many they are (0 then). The 5 minutes are those of the epoch (:00-:04, :05-:09 ...), which nest in
-- every bucket of 5 minutes or more that Grafana asks for. A table of its own, narrow, rather than columns of the
-- minutes: the job rewrites a patient's 5 minutes every time one of its minutes changes, which on the minutes'
-- wide rows made the table a fifth larger after a rebuild and every long-range panel slower.
CREATE TABLE heartbeat_five_minutes (
    five_minutes  TIMESTAMPTZ  NOT NULL,
    patient_id    VARCHAR(50)  NOT NULL,
    rate_sum      NUMERIC,
    rate_values   BIGINT       NOT NULL,
    -- Includes patient_id, the Kafka key and the distribution column a Citus cluster would use (docs/scaling.md).
    CONSTRAINT heartbeat_five_minutes_pkey PRIMARY KEY (five_minutes, patient_id)
);

-- The function V6 created and V7 and V9 replaced keeps its body under a new name; heartbeat_minutes_refresh calls
-- it and then recomputes the 5 minutes around every minute it refreshed.
ALTER FUNCTION heartbeat_minutes_refresh(TIMESTAMPTZ, TIMESTAMPTZ) RENAME TO heartbeat_minutes_refresh_minutes;

-- Recomputes, from heartbeat_minutes, every (patient, 5 minutes) that holds a reading stored (created_at) in
-- [stored_from, stored_until), from '-infinity' every one the rollup holds, and returns how many rows changed. One
-- that comes out the same is left alone (no dead row).
CREATE FUNCTION heartbeat_minutes_refresh_five_minutes(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ)
    RETURNS BIGINT
LANGUAGE sql
AS $refresh$
WITH touched AS (
    SELECT DISTINCT patient_id, to_timestamp(floor(date_part('epoch', timestamp) / 300) * 300) AS five_minutes
    FROM heartbeats
    WHERE created_at >= stored_from AND created_at < stored_until
      AND stored_from > '-infinity'
    UNION ALL
    -- From the start of time: every 5 minutes the rollup holds, found in its minutes rather than in every reading.
    SELECT DISTINCT patient_id, to_timestamp(floor(date_part('epoch', minute) / 300) * 300)
    FROM heartbeat_minutes
    WHERE stored_from = '-infinity'),
fresh AS (
    SELECT t.five_minutes, t.patient_id,
           CASE WHEN sum(m.valid_values + m.physiological_values) > 0
                THEN sum(coalesce(m.valid_sum, 0) + coalesce(m.physiological_sum, 0)) END AS rate_sum,
           sum(m.valid_values + m.physiological_values)::bigint AS rate_values
    FROM touched AS t
    JOIN heartbeat_minutes AS m
      ON m.patient_id = t.patient_id
     AND m.minute >= t.five_minutes
     AND m.minute < t.five_minutes + interval '5 minutes'
    GROUP BY t.five_minutes, t.patient_id),
written AS (
    INSERT INTO heartbeat_five_minutes AS f (five_minutes, patient_id, rate_sum, rate_values)
    SELECT five_minutes, patient_id, rate_sum, rate_values
    FROM fresh
    ORDER BY five_minutes, patient_id
    ON CONFLICT (five_minutes, patient_id) DO UPDATE
    SET rate_sum = excluded.rate_sum, rate_values = excluded.rate_values
    WHERE (f.rate_sum, f.rate_values) IS DISTINCT FROM (excluded.rate_sum, excluded.rate_values)
    RETURNING 1)
SELECT count(*) FROM written
$refresh$;

-- The rollup job's one call, as before: the minutes, then their 5 minutes, which must see the minutes just written
-- (a statement of its own). Returns how many minutes changed, as before.
CREATE FUNCTION heartbeat_minutes_refresh(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ) RETURNS BIGINT
LANGUAGE plpgsql
AS $refresh$
DECLARE
    minutes BIGINT := heartbeat_minutes_refresh_minutes(stored_from, stored_until);
BEGIN
    PERFORM heartbeat_minutes_refresh_five_minutes(stored_from, stored_until);
    RETURN minutes;
END
$refresh$;

-- Only the owner (the migrating user, which the consumer is) refreshes; Grafana's login has no use for them.
REVOKE EXECUTE ON FUNCTION heartbeat_minutes_refresh_five_minutes(TIMESTAMPTZ, TIMESTAMPTZ) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION heartbeat_minutes_refresh(TIMESTAMPTZ, TIMESTAMPTZ) FROM PUBLIC;

-- The history rolled up so far gets its 5 minutes now, from its minutes (not from the raw rows). Without them a 24 h
-- range would show no point before this migration.
DO $backfill$
BEGIN
    PERFORM heartbeat_minutes_refresh_five_minutes('-infinity', 'infinity');
END
$backfill$;
