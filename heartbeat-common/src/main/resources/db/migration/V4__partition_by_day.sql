-- heartbeats and heartbeat_alerts become range-partitioned by the reading's time (timestamp), one partition per UTC
-- day, so retention drops whole days (RETENTION_DAYS) and a query over a time range reads only its days. Native
-- declarative partitioning: the embedded server, managed services and the compose image all have it.
--
-- PostgreSQL requires every unique key of a partitioned table to hold the partition key, so timestamp joins each:
-- the delivery key is (event_id, timestamp). The reading's time as stored is a function of the record (its
-- payload, or its Kafka timestamp when the payload has none), so a redelivered record hits the same key
-- (docs/decisions.md, "Partitioned by the reading's time"). An alert has its reading's time, so it lives in the
-- same day's partition as its reading, and the foreign key runs between those two partitions, (heartbeat_id,
-- timestamp) to (id, timestamp): checked against one plain table, not routed through the partitioned parent.
--
-- Existing rows are kept: the old tables are renamed, their rows copied into the partitioned ones with their ids,
-- and then dropped, all in this migration's one transaction. Their grants are copied too.

ALTER TABLE heartbeat_alerts RENAME TO heartbeat_alerts_v3;
ALTER TABLE heartbeats RENAME TO heartbeats_v3;
-- Index and identity sequence names belong to the schema, not the table: free them for the new tables.
ALTER INDEX heartbeats_pkey RENAME TO heartbeats_v3_pkey;
ALTER INDEX heartbeats_event_id_key RENAME TO heartbeats_v3_event_id_key;
ALTER INDEX idx_heartbeats_timestamp RENAME TO idx_heartbeats_v3_timestamp;
ALTER INDEX idx_heartbeats_patient_id RENAME TO idx_heartbeats_v3_patient_id;
ALTER INDEX heartbeat_alerts_pkey RENAME TO heartbeat_alerts_v3_pkey;
ALTER INDEX heartbeat_alerts_heartbeat_id_key RENAME TO heartbeat_alerts_v3_heartbeat_id_key;
ALTER INDEX idx_heartbeat_alerts_timestamp RENAME TO idx_heartbeat_alerts_v3_timestamp;
ALTER INDEX idx_heartbeat_alerts_open RENAME TO idx_heartbeat_alerts_v3_open;
ALTER SEQUENCE heartbeats_id_seq RENAME TO heartbeats_v3_id_seq;
ALTER SEQUENCE heartbeat_alerts_alert_id_seq RENAME TO heartbeat_alerts_v3_alert_id_seq;

CREATE TABLE heartbeats (
    id                BIGINT GENERATED ALWAYS AS IDENTITY,
    -- Delivery key: the event's own id, or for a record without one a UUID derived from its Kafka
    -- topic/partition/offset. Redelivered records hit this constraint and are skipped.
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
    resolved_at     TIMESTAMPTZ,
    resolved_by     VARCHAR(100),
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(100),
    CONSTRAINT heartbeat_alerts_pkey PRIMARY KEY (alert_id, timestamp),
    -- One alert per violating reading; also the index the cascade needs.
    CONSTRAINT heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id, timestamp),
    CONSTRAINT heartbeat_alerts_alert_category_check CHECK (
        alert_category IN ('physiological_anomaly', 'system_anomaly', 'data_corruption')),
    CONSTRAINT heartbeat_alerts_open_has_no_resolution CHECK (
        resolved_flag OR (resolved_at IS NULL AND resolved_by IS NULL)),
    CONSTRAINT heartbeat_alerts_acknowledged_by_whom CHECK (
        (acknowledged_at IS NULL) = (acknowledged_by IS NULL))
) PARTITION BY RANGE (timestamp);

CREATE INDEX idx_heartbeat_alerts_timestamp ON heartbeat_alerts (timestamp);
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

-- A partition for every UTC day holding old rows within ten years before now, and for today and tomorrow; rows
-- outside (a clock years off) stay in the DEFAULT partitions. PERFORM, not SELECT: Flyway would log the result.
DO $days$
BEGIN
    PERFORM heartbeat_create_day_partitions(day)
    FROM (SELECT DISTINCT (timestamp AT TIME ZONE 'UTC')::date AS day FROM heartbeats_v3
          WHERE timestamp >= now() - interval '10 years' AND timestamp < now() + interval '2 days'
          UNION SELECT (now() AT TIME ZONE 'UTC')::date UNION SELECT (now() AT TIME ZONE 'UTC')::date + 1) days
    ORDER BY day;
END
$days$;

INSERT INTO heartbeats OVERRIDING SYSTEM VALUE
    SELECT id, event_id, timestamp, patient_id, heartbeat_value, validation_status, anomaly_type, raw_payload,
           kafka_partition, kafka_offset, created_at
    FROM heartbeats_v3;
INSERT INTO heartbeat_alerts OVERRIDING SYSTEM VALUE
    SELECT alert_id, heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category, resolved_flag, created_at,
           resolved_at, resolved_by, acknowledged_at, acknowledged_by
    FROM heartbeat_alerts_v3;

-- New ids continue after the copied ones, and the old tables' grants (grafana_reader's, a separate writer's) carry
-- over, table and column ones alike; afterMigrate__grafana_reader_role.sql grants the reader again anyway.
DO $carry$
DECLARE
    pair record;
    acl record;
BEGIN
    PERFORM setval(pg_get_serial_sequence('heartbeats', 'id'), greatest(max(id), 1), max(id) IS NOT NULL)
    FROM heartbeats;
    PERFORM setval(pg_get_serial_sequence('heartbeat_alerts', 'alert_id'), greatest(max(alert_id), 1),
            max(alert_id) IS NOT NULL)
    FROM heartbeat_alerts;
    FOR pair IN SELECT * FROM (VALUES ('heartbeats_v3', 'heartbeats'), ('heartbeat_alerts_v3', 'heartbeat_alerts'))
            AS p (old, new) LOOP
        FOR acl IN
            SELECT a.privilege_type, a.grantee, a.is_grantable
            FROM pg_catalog.pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = pair.old::regclass AND a.grantee <> c.relowner
        LOOP
            EXECUTE format('GRANT %s ON %I TO %s%s', acl.privilege_type, pair.new,
                    CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE acl.grantee::regrole::text END,
                    CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
        FOR acl IN
            SELECT t.attname, a.privilege_type, a.grantee, a.is_grantable
            FROM pg_catalog.pg_attribute t, aclexplode(t.attacl) a
            WHERE t.attrelid = pair.old::regclass AND t.attacl IS NOT NULL
        LOOP
            EXECUTE format('GRANT %s (%I) ON %I TO %s%s', acl.privilege_type, acl.attname, pair.new,
                    CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE acl.grantee::regrole::text END,
                    CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
    END LOOP;
END
$carry$;

DROP TABLE heartbeat_alerts_v3;
DROP TABLE heartbeats_v3;
