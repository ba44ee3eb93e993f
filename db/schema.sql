-- Reference schema of Heartbeat Monitor: what the Flyway migrations in
-- heartbeat-common/src/main/resources/db/migration produce, in one file to read.
-- ReferenceSchemaIntegrationTests proves the two agree. Apply migrations, not this file,
-- to a real database: the services run Flyway at start-up (or: consumer --init-db).


-- Both tables are range-partitioned by the reading's time, one partition per UTC day (heartbeats_pYYYYMMDD,
-- heartbeat_alerts_pYYYYMMDD), which the consumer's partition job creates ahead and drops after RETENTION_DAYS
-- (docs/consumer.md#partitions-and-retention). Every unique key holds the partition key, as PostgreSQL requires.
-- An alert has its reading's time, so it sits in its reading's day, and the foreign key from alerts to readings
-- runs between the two tables' partitions of one day (heartbeat_create_day_partitions), not between the parents.
CREATE TABLE heartbeats (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    -- Delivery key: the event's own id, or for a record without one a UUID derived from its Kafka
    -- topic/partition/offset. Redelivered records hit this constraint, with their time, and are skipped.
    event_id          UUID         NOT NULL,
    -- The partition key: the reading's time as stored.
    timestamp         TIMESTAMPTZ  NOT NULL,
    patient_id        VARCHAR(50)  NOT NULL,
    heartbeat_value   NUMERIC,
    validation_status VARCHAR(32)  NOT NULL,
    anomaly_type      VARCHAR(32),
    -- The payload as received, for non-valid readings only: a valid reading's columns already hold all of it.
    raw_payload       TEXT,
    kafka_partition   INTEGER,
    kafka_offset      BIGINT,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT heartbeats_pkey PRIMARY KEY (id, timestamp),
    CONSTRAINT heartbeats_event_id_key UNIQUE (event_id, timestamp),
    CONSTRAINT heartbeats_validation_status_check CHECK (
        validation_status IN ('valid', 'invalid_physiological', 'invalid_system', 'corrupted')),
    CONSTRAINT anomaly_type_null_if_valid CHECK (
        (validation_status = 'valid') = (anomaly_type IS NULL))
) PARTITION BY RANGE (timestamp);

CREATE INDEX idx_heartbeats_timestamp ON heartbeats (timestamp);
-- Leads with patient_id, so it serves the original's per-patient look-ups and per-patient time ranges.
CREATE INDEX idx_heartbeats_patient_id ON heartbeats (patient_id, timestamp);
-- The alert rules filtering on the insertion time ('Corrupted data rate high', 'No events stored') and the rollup
-- job finding the rows stored since its last run. created_at follows the rows' physical order, so BRIN: tiny, next
-- to free on the write path, a few recent block ranges to read.
CREATE INDEX idx_heartbeats_created_at ON heartbeats USING brin (created_at) WITH (autosummarize = on);

CREATE TABLE heartbeat_alerts (
    alert_id        BIGINT GENERATED ALWAYS AS IDENTITY,
    heartbeat_id    BIGINT       NOT NULL,
    -- The partition key: its reading's time, so an alert lives in its reading's day.
    timestamp       TIMESTAMPTZ  NOT NULL,
    patient_id      VARCHAR(50),
    heartbeat_value NUMERIC,
    alert_category  VARCHAR(32)  NOT NULL,
    resolved_flag   BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Lifecycle (docs/alerts-api.md). Resolved automatically once the patient sends ALERT_RESOLVE_AFTER_VALID
    -- consecutive valid readings (resolved_at: that reading's time), or by an operator (resolved_at: when).
    resolved_at     TIMESTAMPTZ,
    -- 'auto (<K> valid readings)' or the operator; operator names never contain a space.
    resolved_by     VARCHAR(100),
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(100),
    CONSTRAINT heartbeat_alerts_pkey PRIMARY KEY (alert_id, timestamp),
    -- One alert per violating reading; also the index the cascade needs.
    CONSTRAINT heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id, timestamp),
    CONSTRAINT heartbeat_alerts_alert_category_check CHECK (
        alert_category IN ('physiological_anomaly', 'system_anomaly', 'data_corruption')),
    -- One-way on purpose: rows resolved before the lifecycle existed have no resolution to show.
    CONSTRAINT heartbeat_alerts_open_has_no_resolution CHECK (
        resolved_flag OR (resolved_at IS NULL AND resolved_by IS NULL)),
    CONSTRAINT heartbeat_alerts_acknowledged_by_whom CHECK (
        (acknowledged_at IS NULL) = (acknowledged_by IS NULL))
) PARTITION BY RANGE (timestamp);

CREATE INDEX idx_heartbeat_alerts_timestamp ON heartbeat_alerts (timestamp);
-- Open alerts by patient: the automatic resolution of every batch and the open-alert queries read it; partial, so small.
CREATE INDEX idx_heartbeat_alerts_open ON heartbeat_alerts (patient_id, timestamp) WHERE NOT resolved_flag;

-- Where a reading goes whose day has no partition (yet): it is stored, never lost. The partition job moves such
-- rows into their day's partition when it creates it (heartbeat_create_day_partitions).
CREATE TABLE heartbeats_default PARTITION OF heartbeats DEFAULT;
CREATE TABLE heartbeat_alerts_default PARTITION OF heartbeat_alerts DEFAULT;
ALTER TABLE heartbeat_alerts_default ADD CONSTRAINT heartbeat_alerts_default_heartbeat_id_fkey
    FOREIGN KEY (heartbeat_id, timestamp) REFERENCES heartbeats_default (id, timestamp) ON DELETE CASCADE;

-- Creates the partitions of both tables for one UTC day, unless they exist; false when they did. Rows of that day
-- already in the DEFAULT partitions (PostgreSQL refuses to create a partition while the DEFAULT holds rows of its
-- range) are moved in, ids and all, in the caller's transaction. Run by the consumer's partition job, as the
-- tables' owner: creating a partition needs ownership of the table.
CREATE FUNCTION heartbeat_create_day_partitions(day date) RETURNS boolean
LANGUAGE plpgsql AS $create$
DECLARE
    suffix text := to_char(day, 'YYYYMMDD');
    low timestamptz := day::timestamp AT TIME ZONE 'UTC';
    high timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    -- Two consumers starting together would both create the day.
    PERFORM pg_advisory_xact_lock(hashtext('heartbeat:partitions'));
    IF to_regclass('heartbeats_p' || suffix) IS NOT NULL THEN
        RETURN false;
    END IF;
    -- Alerts first and back last: while they are out, deleting their readings cascades to nothing.
    CREATE TEMPORARY TABLE moving_alerts ON COMMIT DROP AS
        WITH moved AS (DELETE FROM heartbeat_alerts_default WHERE timestamp >= low AND timestamp < high RETURNING *)
        SELECT * FROM moved;
    CREATE TEMPORARY TABLE moving_heartbeats ON COMMIT DROP AS
        WITH moved AS (DELETE FROM heartbeats_default WHERE timestamp >= low AND timestamp < high RETURNING *)
        SELECT * FROM moved;
    EXECUTE format('CREATE TABLE %I PARTITION OF heartbeats FOR VALUES FROM (%L) TO (%L)',
            'heartbeats_p' || suffix, low, high);
    EXECUTE format('CREATE TABLE %I PARTITION OF heartbeat_alerts FOR VALUES FROM (%L) TO (%L)',
            'heartbeat_alerts_p' || suffix, low, high);
    -- The foreign key between the two days: each alert row checks one plain table. Declared on the partitioned
    -- parents instead, it routes every check through them, which doubled the cost of storing a batch's alerts.
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (heartbeat_id, timestamp)'
            || ' REFERENCES %I (id, timestamp) ON DELETE CASCADE', 'heartbeat_alerts_p' || suffix,
            'heartbeat_alerts_p' || suffix || '_heartbeat_id_fkey', 'heartbeats_p' || suffix);
    INSERT INTO heartbeats OVERRIDING SYSTEM VALUE SELECT * FROM moving_heartbeats;
    INSERT INTO heartbeat_alerts OVERRIDING SYSTEM VALUE SELECT * FROM moving_alerts;
    DROP TABLE moving_alerts;
    DROP TABLE moving_heartbeats;
    RETURN true;
END
$create$;

-- Drops the day partitions of both tables whose whole day lies before keep_from (a UTC day), alerts first: the
-- foreign key refuses to give up readings that alerts still reference. Whole partitions, never a row DELETE; the
-- DEFAULT partitions are never dropped. Returns the days dropped.
CREATE FUNCTION heartbeat_drop_day_partitions_before(keep_from date) RETURNS SETOF date
LANGUAGE plpgsql AS $drop$
DECLARE
    day date;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('heartbeat:partitions'));
    FOR day IN
        SELECT to_date(substr(c.relname, length('heartbeats_p') + 1), 'YYYYMMDD')
        FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'heartbeats'::regclass AND c.relname ~ '^heartbeats_p[0-9]{8}$'
        ORDER BY 1
    LOOP
        CONTINUE WHEN day >= keep_from;
        EXECUTE format('DROP TABLE IF EXISTS %I', 'heartbeat_alerts_p' || to_char(day, 'YYYYMMDD'));
        EXECUTE format('DROP TABLE %I', 'heartbeats_p' || to_char(day, 'YYYYMMDD'));
        RETURN NEXT day;
    END LOOP;
END
$drop$;

-- Each patient's oldest open alert, or a time before it, outside the day partitions: the automatic resolution reads
-- from here on, a bound PostgreSQL prunes the days with before locking them (V12; docs/consumer.md, "Many days
-- kept"). The consumer's statements that insert alerts lower it; the resolution raises it again once it lags a day.
CREATE TABLE heartbeat_alerts_open_since (
    patient_id  VARCHAR(50)  NOT NULL,
    open_since  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT heartbeat_alerts_open_since_pkey PRIMARY KEY (patient_id)
);

-- The per-patient, per-minute rollup the dashboard reads instead of raw rows (totals and 'Live heart rate per
-- patient' from 15 minutes on, the other time series from 6 h on: docs/dashboards.md#rollup). Derived from heartbeats, which stays the record; the consumer's
-- rollup job keeps it up to date through heartbeat_minutes_refresh(stored_from, stored_until), a function V6 defines
-- and V7, V9, V10 and V11 replace (not repeated here). A rebuild from scratch: SELECT heartbeat_minutes_refresh('-infinity', 'infinity');
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
    -- The heart rate (valid and invalid_physiological values) per 5-second slot of the minute (V9): the slots (0 to
    -- 11) that hold one, in order, and the sum and count of each. 'Live heart rate per patient' from 15 minutes on.
    -- Empty for a minute without a heart rate; NULL for a minute rolled up before V9 and not recomputed since.
    rate_slots              SMALLINT[],
    rate_slot_sums          NUMERIC[],
    rate_slot_values        BIGINT[],
    -- Leads with minute: the all-patient panels read a range of minutes. Includes patient_id, the distribution
    -- column a Citus cluster would use.
    CONSTRAINT heartbeat_minutes_pkey PRIMARY KEY (minute, patient_id)
);

-- One patient's minutes: the per-patient panels with one patient selected.
CREATE INDEX idx_heartbeat_minutes_patient ON heartbeat_minutes (patient_id, minute);

-- The heart rate per patient and 5 minutes of the epoch (V10), from heartbeat_minutes and kept by the same job:
-- 'Live heart rate per patient' where its points are 5 minutes apart or more. The sum of the valid and
-- invalid_physiological values (NULL without one) and their count.
CREATE TABLE heartbeat_five_minutes (
    five_minutes  TIMESTAMPTZ  NOT NULL,
    patient_id    VARCHAR(50)  NOT NULL,
    rate_sum      NUMERIC,
    rate_values   BIGINT       NOT NULL,
    CONSTRAINT heartbeat_five_minutes_pkey PRIMARY KEY (five_minutes, patient_id)
);

-- Up to where the rollup job has read heartbeats.created_at: it rereads from here on its next run.
CREATE TABLE heartbeat_minutes_progress (
    single_row  BOOLEAN      NOT NULL DEFAULT TRUE,
    stored_from TIMESTAMPTZ  NOT NULL,
    CONSTRAINT heartbeat_minutes_progress_pkey PRIMARY KEY (single_row),
    CONSTRAINT heartbeat_minutes_progress_single_row CHECK (single_row)
);

-- The clinical alarms (V8): one row per episode, detected by the consumer in the stream as the readings arrive
-- (docs/alarms.md), where heartbeat_alerts has one row per non-valid reading. The consumer opens and ends alarms in
-- the transaction that stores the readings that open or end them; operators acknowledge and resolve them through the
-- alerts API. Not partitioned: one row per episode is a few rows per patient a day. Every unique key includes
-- patient_id, the Kafka key and the distribution column a Citus cluster would use.
CREATE TABLE patient_alarms (
    alarm_id        BIGINT GENERATED ALWAYS AS IDENTITY,
    patient_id      VARCHAR(50)  NOT NULL,
    -- 'sustained_tachycardia', 'sustained_bradycardia' or 'device_silent'.
    kind            VARCHAR(32)  NOT NULL,
    -- The time of the episode's first reading; for a device-silent alarm, of the patient's last reading before the
    -- silence. With patient_id and kind, the episode's identity: a redelivered reading cannot open it twice.
    started_at      TIMESTAMPTZ  NOT NULL,
    -- When the consumer opened it, in the transaction that commits it.
    detected_at     TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- The time of the reading that ended the episode: the K-th valid one, or the first after a silence. NULL while
    -- it goes on, whatever an operator did meanwhile.
    ended_at        TIMESTAMPTZ,
    -- 'open', 'acknowledged' or 'resolved'.
    state           VARCHAR(16)  NOT NULL DEFAULT 'open',
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(100),
    -- Automatic: ended_at, by 'auto (...)'. Operator: when they resolved it, and their name (never with a space).
    resolved_at     TIMESTAMPTZ,
    resolved_by     VARCHAR(100),
    CONSTRAINT patient_alarms_pkey PRIMARY KEY (alarm_id, patient_id),
    CONSTRAINT patient_alarms_episode_key UNIQUE (patient_id, kind, started_at),
    CONSTRAINT patient_alarms_kind_check CHECK (
        kind IN ('sustained_tachycardia', 'sustained_bradycardia', 'device_silent')),
    CONSTRAINT patient_alarms_state_check CHECK (state IN ('open', 'acknowledged', 'resolved')),
    CONSTRAINT patient_alarms_resolved_when_resolved CHECK (
        (state = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL)),
    CONSTRAINT patient_alarms_acknowledged_by_whom CHECK (
        (acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);

-- What the dashboard, the annotations and the 'Open alarm' rule read: the alarms not resolved, and those by time.
CREATE INDEX idx_patient_alarms_unresolved ON patient_alarms (patient_id, started_at) WHERE state <> 'resolved';
CREATE INDEX idx_patient_alarms_started_at ON patient_alarms (started_at);

-- The detector's state: one row per patient, written in the same transaction as the patient's readings, so that
-- after a SIGKILL, a rebalance or a redelivery the detector resumes exactly where the committed readings leave it,
-- without reading any history. A record at or before (kafka_partition, kafka_offset) has been counted already.
CREATE TABLE patient_alarm_state (
    patient_id             VARCHAR(50)  NOT NULL,
    -- The newest record counted, and the partition the patient's readings come from (its silence is measured
    -- against that partition's newest reading).
    kafka_partition        INTEGER      NOT NULL,
    kafka_offset           BIGINT       NOT NULL,
    -- The delivery key of that record: a producer's retry of it, at a later offset, is not counted twice.
    event_id               UUID         NOT NULL,
    -- The newest time among the patient's readings with a trustworthy time (not future_timestamp/stale_timestamp).
    last_reading_at        TIMESTAMPTZ  NOT NULL,
    -- The current run of out-of-range readings of one kind: its kind, length and first reading's time.
    run_kind               VARCHAR(32),
    run_length             INTEGER      NOT NULL,
    run_started_at         TIMESTAMPTZ,
    -- Consecutive valid readings since the last out-of-range one.
    valid_run              INTEGER      NOT NULL,
    -- started_at of the open (not yet ended) alarm of each kind, NULL when none.
    tachycardia_started_at TIMESTAMPTZ,
    bradycardia_started_at TIMESTAMPTZ,
    silent_started_at      TIMESTAMPTZ,
    CONSTRAINT patient_alarm_state_pkey PRIMARY KEY (patient_id)
)
-- Rewritten by every batch; room on each page keeps the updates HOT.
WITH (fillfactor = 50);
