-- The keys Citus needs, on the schema of Flyway V1 to V12: heartbeats and heartbeat_alerts partitioned by UTC day
-- of timestamp (V4), the rollups heartbeat_minutes (V6) and heartbeat_five_minutes (V10), the clinical alarms
-- patient_alarms and the detector's state patient_alarm_state (V8) (docs/scaling.md, "Past one machine").
--
-- Citus enforces a unique key or a foreign key inside one shard only, so every unique key of a distributed table,
-- and every foreign key between two of them, must hold the distribution column: here patient_id, the Kafka key
-- (https://docs.citusdata.com/en/stable/develop/reference_ddl.html, "Adding/Removing Constraints"). PostgreSQL
-- itself wants the partition key, timestamp, in every unique key of a partitioned table, so each key keeps it.
-- heartbeat_minutes already has its key (minute, patient_id), heartbeat_five_minutes its key (five_minutes,
-- patient_id), patient_alarms its keys (alarm_id, patient_id) and
-- (patient_id, kind, started_at), patient_alarm_state its key (patient_id), and heartbeat_minutes_progress is a
-- reference table (db/citus/distribute.sql): none changes here.
--
-- Plain PostgreSQL: it runs (and is tested, CitusKeysIntegrationTests) on any server, Citus or not, before
-- distribute.sql. The consumer's writer names the delivery key in ON CONFLICT (event_id, timestamp), which no
-- longer matches a unique key afterwards: not to be applied to a database today's consumer writes to. patient_id
-- goes last in each key, so that a lookup by (event_id, timestamp) or (id, timestamp) alone still probes the key's
-- index on one server. One transaction: a failure leaves every key as it was.
BEGIN;

-- Every alert has its reading's patient (the writer copies it from the row it inserted), so none is null. Citus
-- refuses a row whose distribution column is NULL.
ALTER TABLE heartbeat_alerts ALTER COLUMN patient_id SET NOT NULL;

-- V4 declares the alerts' foreign key per day partition (and between the DEFAULT partitions), not on the parents:
-- each one is found here, whatever days exist, dropped, and declared again below with patient_id. Citus's own tests
-- declare such a key between partitions of distributed tables (github.com/citusdata/citus,
-- src/test/regress/sql/multi_partitioning.sql).
CREATE TEMPORARY TABLE citus_day_foreign_keys ON COMMIT DROP AS
    SELECT c.conrelid::regclass AS alerts, c.conname AS name, c.confrelid::regclass AS readings
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_inherits a ON a.inhrelid = c.conrelid AND a.inhparent = 'heartbeat_alerts'::regclass
    JOIN pg_catalog.pg_inherits h ON h.inhrelid = c.confrelid AND h.inhparent = 'heartbeats'::regclass
    WHERE c.contype = 'f';

DO $drop$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM citus_day_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.alerts, fk.name);
    END LOOP;
END
$drop$;

-- Dropped on a parent, a key goes from every partition too; added to a parent, it reaches every partition.
ALTER TABLE heartbeat_alerts DROP CONSTRAINT heartbeat_alerts_heartbeat_id_key;
ALTER TABLE heartbeat_alerts DROP CONSTRAINT heartbeat_alerts_pkey;
ALTER TABLE heartbeats DROP CONSTRAINT heartbeats_event_id_key;
ALTER TABLE heartbeats DROP CONSTRAINT heartbeats_pkey;

ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_pkey PRIMARY KEY (id, timestamp, patient_id);
-- The delivery key: a redelivered record still lands on it (same event, same time, same patient); one event_id
-- stored for two patients no longer does.
ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_event_id_key UNIQUE (event_id, timestamp, patient_id);
ALTER TABLE heartbeat_alerts ADD CONSTRAINT heartbeat_alerts_pkey PRIMARY KEY (alert_id, timestamp, patient_id);
ALTER TABLE heartbeat_alerts ADD CONSTRAINT heartbeat_alerts_heartbeat_id_key
    UNIQUE (heartbeat_id, timestamp, patient_id);

DO $add$
DECLARE
    fk record;
BEGIN
    FOR fk IN SELECT * FROM citus_day_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (heartbeat_id, timestamp, patient_id)'
                || ' REFERENCES %s (id, timestamp, patient_id) ON DELETE CASCADE', fk.alerts, fk.name, fk.readings);
    END LOOP;
END
$add$;

-- The consumer's partition job creates each new day with this function (V4). V4's text declares the day's foreign
-- key to (id, timestamp), which no unique key matches any more: every new day would fail. Replaced by the same
-- function with patient_id in that key, so the days created from now on get the key Citus needs. A migration that
-- redefines the function later must keep it.
CREATE OR REPLACE FUNCTION heartbeat_create_day_partitions(day date) RETURNS boolean
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
    -- On a distributed table Citus creates the partition on every shard too
    -- (https://docs.citusdata.com/en/stable/use_cases/timeseries.html, "Scaling Timeseries Data on Citus").
    EXECUTE format('CREATE TABLE %I PARTITION OF heartbeats FOR VALUES FROM (%L) TO (%L)',
            'heartbeats_p' || suffix, low, high);
    EXECUTE format('CREATE TABLE %I PARTITION OF heartbeat_alerts FOR VALUES FROM (%L) TO (%L)',
            'heartbeat_alerts_p' || suffix, low, high);
    -- The foreign key between the two days, as in V4, with the distribution column: a reading's alerts are on its
    -- shard, so Citus can check it there.
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (heartbeat_id, timestamp, patient_id)'
            || ' REFERENCES %I (id, timestamp, patient_id) ON DELETE CASCADE', 'heartbeat_alerts_p' || suffix,
            'heartbeat_alerts_p' || suffix || '_heartbeat_id_fkey', 'heartbeats_p' || suffix);
    INSERT INTO heartbeats OVERRIDING SYSTEM VALUE SELECT * FROM moving_heartbeats;
    INSERT INTO heartbeat_alerts OVERRIDING SYSTEM VALUE SELECT * FROM moving_alerts;
    DROP TABLE moving_alerts;
    DROP TABLE moving_heartbeats;
    RETURN true;
END
$create$;

COMMIT;
