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

CREATE TABLE heartbeat_alerts (
    alert_id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    heartbeat_id    BIGINT       NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
    timestamp       TIMESTAMPTZ  NOT NULL,
    patient_id      VARCHAR(50),
    heartbeat_value NUMERIC,
    alert_category  VARCHAR(32)  NOT NULL,
    resolved_flag   BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- One alert per violating reading; also the index the cascade needs.
    CONSTRAINT heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id),
    CONSTRAINT heartbeat_alerts_alert_category_check CHECK (
        alert_category IN ('physiological_anomaly', 'system_anomaly', 'data_corruption'))
);

CREATE INDEX idx_heartbeat_alerts_timestamp ON heartbeat_alerts (timestamp);
