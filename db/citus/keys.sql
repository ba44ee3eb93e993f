-- The keys Citus needs, on the schema of Flyway V1 to V3 (docs/scaling.md, "Past one machine").
--
-- Citus enforces a unique key or a foreign key inside one shard only, so every unique key of a distributed table,
-- and every foreign key between two of them, must hold the distribution column: here patient_id, the Kafka key
-- (https://docs.citusdata.com/en/stable/develop/reference_ddl.html, "Adding/Removing Constraints").
-- Plain PostgreSQL: it runs (and is tested, CitusKeysIntegrationTests) on any server, Citus or not. The consumer's
-- writer names the delivery key in ON CONFLICT (event_id), so the writer must change with it: not to be applied to
-- a database today's consumer writes to. patient_id goes last in each key, so that a lookup by id, alert_id,
-- heartbeat_id or event_id alone still probes the key's index on one server.
BEGIN;

-- Every alert has its reading's patient (the writer copies it from the row it inserted), so none is null.
ALTER TABLE heartbeat_alerts ALTER COLUMN patient_id SET NOT NULL;

ALTER TABLE heartbeat_alerts DROP CONSTRAINT heartbeat_alerts_heartbeat_id_fkey;
ALTER TABLE heartbeat_alerts DROP CONSTRAINT heartbeat_alerts_heartbeat_id_key;
ALTER TABLE heartbeat_alerts DROP CONSTRAINT heartbeat_alerts_pkey;
ALTER TABLE heartbeats DROP CONSTRAINT heartbeats_event_id_key;
ALTER TABLE heartbeats DROP CONSTRAINT heartbeats_pkey;

ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_pkey PRIMARY KEY (id, patient_id);
-- The delivery key: a redelivered record still lands on it (same event, same patient); one event_id stored for
-- two patients no longer does.
ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_event_id_key UNIQUE (event_id, patient_id);
ALTER TABLE heartbeat_alerts ADD CONSTRAINT heartbeat_alerts_pkey PRIMARY KEY (alert_id, patient_id);
ALTER TABLE heartbeat_alerts ADD CONSTRAINT heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id, patient_id);
ALTER TABLE heartbeat_alerts ADD CONSTRAINT heartbeat_alerts_heartbeat_id_fkey
    FOREIGN KEY (heartbeat_id, patient_id) REFERENCES heartbeats (id, patient_id) ON DELETE CASCADE;

COMMIT;
