-- heartbeat_minutes: per patient and minute of the readings' own time, what the long-range panels need
-- (docs/dashboards.md#rollup), so that a 6 h or 24 h range reads one row per patient and minute instead of 60.
-- Derived data: heartbeats stays the record, and any minute can be recomputed from it at any time. The consumer's
-- rollup job keeps it up to date (docs/decisions.md); a rebuild from scratch is
--     SELECT heartbeat_minutes_refresh('-infinity', 'infinity');
-- Columns hold sums and counts, never averages, so minutes add up to any bucket exactly.
CREATE TABLE heartbeat_minutes (
    minute                  TIMESTAMPTZ  NOT NULL,
    patient_id              VARCHAR(50)  NOT NULL,
    readings                BIGINT       NOT NULL,
    valid_readings          BIGINT       NOT NULL,
    physiological_readings  BIGINT       NOT NULL,
    system_readings         BIGINT       NOT NULL,
    corrupted_readings      BIGINT       NOT NULL,
    -- Over the valid readings that have a value: 'Heartbeat trends' and 'Per-patient statistics'.
    valid_values            BIGINT       NOT NULL,
    valid_sum               NUMERIC,
    valid_min               NUMERIC,
    valid_max               NUMERIC,
    -- Over the invalid_physiological readings that have a value: 'Live heart rate per patient' keeps them.
    physiological_values    BIGINT       NOT NULL,
    physiological_sum       NUMERIC,
    -- Non-valid readings per anomaly_type, e.g. {"low_bpm": 3, "null_value": 1}: 'Anomalies by type'.
    anomalies               JSONB        NOT NULL,
    -- Includes patient_id, the Kafka key and the distribution column a Citus cluster would use (docs/scaling.md).
    CONSTRAINT heartbeat_minutes_pkey PRIMARY KEY (minute, patient_id)
);

-- One patient's minutes: the per-patient panels with one patient selected.
CREATE INDEX idx_heartbeat_minutes_patient ON heartbeat_minutes (patient_id, minute);

-- Up to where the rollup job has read heartbeats.created_at: it rereads from here on its next run.
CREATE TABLE heartbeat_minutes_progress (
    single_row  BOOLEAN      NOT NULL DEFAULT TRUE,
    stored_from TIMESTAMPTZ  NOT NULL,
    CONSTRAINT heartbeat_minutes_progress_pkey PRIMARY KEY (single_row),
    CONSTRAINT heartbeat_minutes_progress_single_row CHECK (single_row)
);

-- Recomputes, from heartbeats, every (patient, minute) that holds a row stored (created_at) in [stored_from,
-- stored_until), late readings with old timestamps included, and returns how many minutes changed. Idempotent: a
-- minute is recomputed whole, and one that comes out the same is left alone (no dead row). The job serialises its
-- calls with an advisory lock; a call run by hand alongside it may write a minute as its older snapshot saw it,
-- which the job's next run rewrites if that minute's rows are recent, and a rebuild does in any case.
CREATE FUNCTION heartbeat_minutes_refresh(stored_from TIMESTAMPTZ, stored_until TIMESTAMPTZ) RETURNS BIGINT
LANGUAGE sql
AS $refresh$
WITH touched AS (
    SELECT DISTINCT patient_id, date_trunc('minute', timestamp AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute
    FROM heartbeats
    WHERE created_at >= stored_from AND created_at < stored_until),
by_anomaly AS (
    SELECT t.minute, t.patient_id, h.validation_status, h.anomaly_type, count(*) AS readings,
           count(h.heartbeat_value) AS with_value, sum(h.heartbeat_value) AS total,
           min(h.heartbeat_value) AS lowest, max(h.heartbeat_value) AS highest
    FROM touched AS t
    JOIN heartbeats AS h
      ON h.patient_id = t.patient_id
     AND h.timestamp >= t.minute
     AND h.timestamp < t.minute + interval '1 minute'
    GROUP BY t.minute, t.patient_id, h.validation_status, h.anomaly_type),
fresh AS (
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
written AS (
    INSERT INTO heartbeat_minutes AS m (minute, patient_id, readings, valid_readings, physiological_readings,
                                        system_readings, corrupted_readings, valid_values, valid_sum, valid_min,
                                        valid_max, physiological_values, physiological_sum, anomalies)
    SELECT minute, patient_id, readings, valid_readings, physiological_readings, system_readings,
           corrupted_readings, valid_values, valid_sum, valid_min, valid_max, physiological_values,
           physiological_sum, anomalies
    FROM fresh
    ORDER BY minute, patient_id
    ON CONFLICT (minute, patient_id) DO UPDATE
    SET readings = excluded.readings, valid_readings = excluded.valid_readings,
        physiological_readings = excluded.physiological_readings, system_readings = excluded.system_readings,
        corrupted_readings = excluded.corrupted_readings, valid_values = excluded.valid_values,
        valid_sum = excluded.valid_sum, valid_min = excluded.valid_min, valid_max = excluded.valid_max,
        physiological_values = excluded.physiological_values, physiological_sum = excluded.physiological_sum,
        anomalies = excluded.anomalies
    WHERE (m.readings, m.valid_readings, m.physiological_readings, m.system_readings, m.corrupted_readings,
           m.valid_values, m.valid_sum, m.valid_min, m.valid_max, m.physiological_values, m.physiological_sum,
           m.anomalies)
          IS DISTINCT FROM
          (excluded.readings, excluded.valid_readings, excluded.physiological_readings, excluded.system_readings,
           excluded.corrupted_readings, excluded.valid_values, excluded.valid_sum, excluded.valid_min,
           excluded.valid_max, excluded.physiological_values, excluded.physiological_sum, excluded.anomalies)
    RETURNING 1)
SELECT count(*) FROM written
$refresh$;

-- Only the owner (the migrating user, which the consumer is) refreshes; Grafana's login has no use for it.
REVOKE EXECUTE ON FUNCTION heartbeat_minutes_refresh(TIMESTAMPTZ, TIMESTAMPTZ) FROM PUBLIC;
