-- Spreads heartbeats and heartbeat_alerts over the Citus workers by patient_id (docs/scaling.md, "Past one
-- machine"). Needs the citus extension, which this project's tests do not have: never run here.
-- Run on the coordinator, once the consumer has migrated the schema and db/citus/keys.sql has run.
-- https://docs.citusdata.com/en/stable/develop/api_udf.html#create-distributed-table
CREATE EXTENSION IF NOT EXISTS citus;

-- Rows already there are copied to the shards; writes wait meanwhile.
SELECT create_distributed_table('heartbeats', 'patient_id');
-- Co-located: a patient's readings and alerts share a shard, so the foreign key, the insert of a batch's alerts
-- and the alert resolution stay on one worker.
SELECT create_distributed_table('heartbeat_alerts', 'patient_id', colocate_with => 'heartbeats');
