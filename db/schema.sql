-- Reference schema of Heartbeat Monitor: what the Flyway migrations in
-- heartbeat-common/src/main/resources/db/migration produce, in one file to read.
-- ReferenceSchemaIntegrationTests proves the two agree. Apply migrations, not this file,
-- to a real database: the services run Flyway at start-up (or: consumer --init-db).


CREATE TABLE heartbeats (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Delivery key: the event's own id, or for a record without one a UUID derived from its Kafka
    -- topic/partition/offset. Redelivered records hit this constraint and are skipped.
    event_id          UUID         NOT NULL,
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
    CONSTRAINT heartbeats_event_id_key UNIQUE (event_id),
    CONSTRAINT heartbeats_validation_status_check CHECK (
        validation_status IN ('valid', 'invalid_physiological', 'invalid_system', 'corrupted')),
    CONSTRAINT anomaly_type_null_if_valid CHECK (
        (validation_status = 'valid') = (anomaly_type IS NULL))
);

CREATE INDEX idx_heartbeats_timestamp ON heartbeats (timestamp);
-- Leads with patient_id, so it serves the original's per-patient look-ups and per-patient time ranges.
CREATE INDEX idx_heartbeats_patient_id ON heartbeats (patient_id, timestamp);
-- The alert rules filtering on the insertion time ('Corrupted data rate high', 'No events stored') and the rollup
-- job finding the rows stored since its last run. created_at follows the rows' physical order, so BRIN: tiny, next
-- to free on the write path, a few recent block ranges to read.
CREATE INDEX idx_heartbeats_created_at ON heartbeats USING brin (created_at) WITH (autosummarize = on);

CREATE TABLE heartbeat_alerts (
    alert_id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    heartbeat_id    BIGINT       NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
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
    -- One alert per violating reading; also the index the cascade needs.
    CONSTRAINT heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id),
    CONSTRAINT heartbeat_alerts_alert_category_check CHECK (
        alert_category IN ('physiological_anomaly', 'system_anomaly', 'data_corruption')),
    -- One-way on purpose: rows resolved before the lifecycle existed have no resolution to show.
    CONSTRAINT heartbeat_alerts_open_has_no_resolution CHECK (
        resolved_flag OR (resolved_at IS NULL AND resolved_by IS NULL)),
    CONSTRAINT heartbeat_alerts_acknowledged_by_whom CHECK (
        (acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);

CREATE INDEX idx_heartbeat_alerts_timestamp ON heartbeat_alerts (timestamp);
-- Open alerts by patient: the automatic resolution of every batch and the open-alert queries read it; partial, so small.
CREATE INDEX idx_heartbeat_alerts_open ON heartbeat_alerts (patient_id, timestamp) WHERE NOT resolved_flag;

-- The per-patient, per-minute rollup the dashboard's long ranges (6 h and more) read instead of raw rows
-- (docs/dashboards.md#rollup). Derived from heartbeats, which stays the record; the consumer's rollup job keeps it
-- up to date through heartbeat_minutes_refresh(stored_from, stored_until), a function V7 defines (not repeated
-- here). A rebuild from scratch: SELECT heartbeat_minutes_refresh('-infinity', 'infinity');
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
    -- Leads with minute: the all-patient panels read a range of minutes. Includes patient_id, the distribution
    -- column a Citus cluster would use.
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
