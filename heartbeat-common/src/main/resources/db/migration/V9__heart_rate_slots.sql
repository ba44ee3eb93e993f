-- Each rolled-up minute also keeps its heart rate per 5-second slot, so that 'Live heart rate per patient' reads
-- whole minutes from the rollup from 15 minutes on, where its points are 5 to 30 s apart (docs/dashboards.md#rollup).
-- Over 15 minutes with every patient selected it grouped 405,000 readings of 500 patients into 90,000 points; the
-- rollup gives it 6,500 minutes whose slots are the points already.
--
-- Three arrays of the same length, one element per slot that holds a heart rate (a valid or invalid_physiological
-- reading with a value), in slot order: the slot (0 to 11, seconds 0-4 to 55-59 of the minute), the sum of its
-- values and how many they are. Sums and counts, never averages, as everywhere in the rollup. Empty arrays for a
-- minute without a heart rate; NULL for a minute rolled up before this migration, which the panel shows as one point
-- at the minute's start until the job or a rebuild recomputes it (nothing here rereads the history: on a large
-- database that would hold the consumer's start for as long as a rebuild takes).
ALTER TABLE heartbeat_minutes
    ADD COLUMN rate_slots        SMALLINT[],
    ADD COLUMN rate_slot_sums    NUMERIC[],
    ADD COLUMN rate_slot_values  BIGINT[];

-- V7's function, which also fills the slots: the readings of each touched minute are grouped per slot as well, in
-- the same probe of (patient_id, timestamp), and the minute's totals are the sums of its slots.
CREATE OR REPLACE FUNCTION heartbeat_minutes_refresh(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ) RETURNS BIGINT
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
    RETURNING 1)
SELECT count(*) FROM written
$refresh$;
