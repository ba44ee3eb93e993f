-- The rollup job reads the readings stored in its window once, not twice. V10's 5 minutes found the (patient,
-- 5 minutes) to recompute by reading the window's readings again, after V9's function had read them for the
-- minutes; each step rereads two minutes of overlap, so in a busy drain that read is a large part of a step (the
-- job's call is 7 to 23 % cheaper without it: docs/scaling.md). Now the minutes' function returns the
-- minutes it changed, and the 5 minutes around those, and only those, are recomputed: a 5 minutes whose minutes all
-- came out the same is the same. The rollup's rows stay the same to the last digit (MinuteRollupIntegrationTests
-- compares both tables to raw rows).
--
-- A function's result type cannot change in place: V9's body is created again below, unchanged but for what it
-- returns (a migration cannot edit an applied one).
DROP FUNCTION heartbeat_minutes_refresh_minutes(TIMESTAMPTZ, TIMESTAMPTZ);
DROP FUNCTION heartbeat_minutes_refresh_five_minutes(TIMESTAMPTZ, TIMESTAMPTZ);

-- Recomputes every (patient, minute) that holds a reading stored (created_at) in [stored_from, stored_until) from
-- raw rows, and returns those that changed (written or rewritten; one that comes out the same is left alone).
CREATE FUNCTION heartbeat_minutes_refresh_minutes(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ)
    RETURNS TABLE (patient_id VARCHAR, minute TIMESTAMPTZ)
LANGUAGE sql
AS $refresh$
WITH touched AS (
    SELECT DISTINCT patient_id, date_trunc('minute', timestamp AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute
    FROM heartbeats
    WHERE created_at >= stored_from AND created_at < stored_until),
by_slot AS (
    SELECT t.minute, t.patient_id, h.validation_status, h.anomaly_type, h.slot, h.readings, h.with_value, h.total,
           h.lowest, h.highest
    FROM touched AS t
    CROSS JOIN LATERAL (
        SELECT r.validation_status, r.anomaly_type,
               floor(date_part('epoch', r.timestamp - t.minute) / 5)::smallint AS slot, count(*) AS readings,
               count(r.heartbeat_value) AS with_value, sum(r.heartbeat_value) AS total,
               min(r.heartbeat_value) AS lowest, max(r.heartbeat_value) AS highest
        FROM heartbeats AS r
        WHERE r.patient_id = t.patient_id
          AND r.timestamp >= t.minute
          AND r.timestamp < t.minute + interval '1 minute'
        GROUP BY 1, 2, 3) AS h),
by_anomaly AS (
    SELECT minute, patient_id, validation_status, anomaly_type, sum(readings)::bigint AS readings,
           sum(with_value)::bigint AS with_value, sum(total) AS total, min(lowest) AS lowest, max(highest) AS highest
    FROM by_slot
    GROUP BY minute, patient_id, validation_status, anomaly_type),
rates AS (
    SELECT minute, patient_id, slot, sum(total) AS total, sum(with_value)::bigint AS with_value
    FROM by_slot
    WHERE validation_status IN ('valid', 'invalid_physiological') AND with_value > 0
    GROUP BY minute, patient_id, slot),
slots AS (
    SELECT minute, patient_id, array_agg(slot ORDER BY slot) AS rate_slots,
           array_agg(total ORDER BY slot) AS rate_slot_sums, array_agg(with_value ORDER BY slot) AS rate_slot_values
    FROM rates
    GROUP BY minute, patient_id),
totals AS (
    SELECT minute, patient_id,
           sum(readings) AS readings,
           coalesce(sum(readings) FILTER (WHERE validation_status = 'valid'), 0) AS valid_readings,
           coalesce(sum(readings) FILTER (WHERE validation_status = 'invalid_physiological'), 0)
               AS physiological_readings,
           coalesce(sum(readings) FILTER (WHERE validation_status = 'invalid_system'), 0) AS system_readings,
           coalesce(sum(readings) FILTER (WHERE validation_status = 'corrupted'), 0) AS corrupted_readings,
           coalesce(sum(with_value) FILTER (WHERE validation_status = 'valid'), 0) AS valid_values,
           sum(total) FILTER (WHERE validation_status = 'valid') AS valid_sum,
           min(lowest) FILTER (WHERE validation_status = 'valid') AS valid_min,
           max(highest) FILTER (WHERE validation_status = 'valid') AS valid_max,
           coalesce(sum(with_value) FILTER (WHERE validation_status = 'invalid_physiological'), 0)
               AS physiological_values,
           sum(total) FILTER (WHERE validation_status = 'invalid_physiological') AS physiological_sum,
           coalesce(jsonb_object_agg(anomaly_type, readings) FILTER (WHERE anomaly_type IS NOT NULL), '{}')
               AS anomalies
    FROM by_anomaly
    GROUP BY minute, patient_id),
fresh AS (
    SELECT t.*, coalesce(s.rate_slots, '{}') AS rate_slots, coalesce(s.rate_slot_sums, '{}') AS rate_slot_sums,
           coalesce(s.rate_slot_values, '{}') AS rate_slot_values
    FROM totals AS t
    LEFT JOIN slots AS s USING (minute, patient_id)),
written AS (
    INSERT INTO heartbeat_minutes AS m (minute, patient_id, readings, valid_readings, physiological_readings,
                                        system_readings, corrupted_readings, valid_values, valid_sum, valid_min,
                                        valid_max, physiological_values, physiological_sum, anomalies, rate_slots,
                                        rate_slot_sums, rate_slot_values)
    SELECT minute, patient_id, readings, valid_readings, physiological_readings, system_readings,
           corrupted_readings, valid_values, valid_sum, valid_min, valid_max, physiological_values,
           physiological_sum, anomalies, rate_slots, rate_slot_sums, rate_slot_values
    FROM fresh
    ORDER BY minute, patient_id
    ON CONFLICT (minute, patient_id) DO UPDATE
    SET readings = excluded.readings, valid_readings = excluded.valid_readings,
        physiological_readings = excluded.physiological_readings, system_readings = excluded.system_readings,
        corrupted_readings = excluded.corrupted_readings, valid_values = excluded.valid_values,
        valid_sum = excluded.valid_sum, valid_min = excluded.valid_min, valid_max = excluded.valid_max,
        physiological_values = excluded.physiological_values, physiological_sum = excluded.physiological_sum,
        anomalies = excluded.anomalies, rate_slots = excluded.rate_slots, rate_slot_sums = excluded.rate_slot_sums,
        rate_slot_values = excluded.rate_slot_values
    WHERE (m.readings, m.valid_readings, m.physiological_readings, m.system_readings, m.corrupted_readings,
           m.valid_values, m.valid_sum, m.valid_min, m.valid_max, m.physiological_values, m.physiological_sum,
           m.anomalies, m.rate_slots, m.rate_slot_sums, m.rate_slot_values)
          IS DISTINCT FROM
          (excluded.readings, excluded.valid_readings, excluded.physiological_readings, excluded.system_readings,
           excluded.corrupted_readings, excluded.valid_values, excluded.valid_sum, excluded.valid_min,
           excluded.valid_max, excluded.physiological_values, excluded.physiological_sum, excluded.anomalies,
           excluded.rate_slots, excluded.rate_slot_sums, excluded.rate_slot_values)
    RETURNING m.patient_id, m.minute)
SELECT patient_id, minute FROM written
$refresh$;

-- Recomputes, from heartbeat_minutes, the given (patient, 5 minutes of the epoch) pairs, and returns how many rows
-- changed; one that comes out the same is left alone (no dead row).
CREATE FUNCTION heartbeat_minutes_refresh_five_minutes(patients VARCHAR[], starts TIMESTAMPTZ[]) RETURNS BIGINT
LANGUAGE sql
AS $refresh$
WITH touched AS (
    SELECT pair.patient_id, pair.five_minutes
    FROM unnest(patients, starts) AS pair (patient_id, five_minutes)),
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

-- The rollup job's one call, as before: the minutes, then the 5 minutes around those that changed, which must see
-- the minutes just written (statements of their own). Returns how many minutes changed, as before. The 5 minutes go
-- by batches of 10,000, so that a backlog of millions (raw rows restored in bulk, found by their created_at) holds
-- no array of millions in memory; the job's usual step has a few thousand.
CREATE OR REPLACE FUNCTION heartbeat_minutes_refresh(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ)
    RETURNS BIGINT
LANGUAGE plpgsql
AS $refresh$
DECLARE
    batch CONSTANT INTEGER := 10000;
    minutes BIGINT := 0;
    patients VARCHAR[] := '{}';
    starts TIMESTAMPTZ[] := '{}';
    touched RECORD;
BEGIN
    FOR touched IN
        SELECT changed.patient_id, to_timestamp(floor(date_part('epoch', changed.minute) / 300) * 300) AS starts_at,
               count(*) AS changed_minutes
        FROM heartbeat_minutes_refresh_minutes(stored_from, stored_until) AS changed
        GROUP BY 1, 2
    LOOP
        minutes := minutes + touched.changed_minutes;
        patients := array_append(patients, touched.patient_id);
        starts := array_append(starts, touched.starts_at);
        IF cardinality(patients) >= batch THEN
            PERFORM heartbeat_minutes_refresh_five_minutes(patients, starts);
            patients := '{}';
            starts := '{}';
        END IF;
    END LOOP;
    IF cardinality(patients) > 0 THEN
        PERFORM heartbeat_minutes_refresh_five_minutes(patients, starts);
    END IF;
    RETURN minutes;
END
$refresh$;

-- Only the owner (the migrating user, which the consumer is) refreshes; Grafana's login has no use for them.
REVOKE EXECUTE ON FUNCTION heartbeat_minutes_refresh_minutes(TIMESTAMPTZ, TIMESTAMPTZ) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION heartbeat_minutes_refresh_five_minutes(VARCHAR[], TIMESTAMPTZ[]) FROM PUBLIC;
