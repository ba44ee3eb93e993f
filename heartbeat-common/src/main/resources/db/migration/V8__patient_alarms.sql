-- patient_alarms: one row per clinical episode, detected by the consumer in the stream as the readings arrive
-- (docs/alarms.md), where heartbeat_alerts has one row per non-valid reading. The consumer opens and ends alarms in
-- the transaction that stores the readings that open or end them, so an alarm and its evidence commit together.
-- Operators acknowledge and resolve them through the alerts API.
--
-- Every unique key includes patient_id, the Kafka key and the distribution column a Citus cluster would use
-- (docs/scaling.md). Not partitioned: one row per episode is a few rows per patient a day.
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
-- Every batch rewrites its patients' rows, and only the primary key is indexed: room on each page keeps those
-- updates HOT (no index entry, the old version pruned in place) instead of spreading the table.
WITH (fillfactor = 50);
