-- Spreads the tables over the Citus workers by patient_id (docs/scaling.md, "Past one machine"). Needs the citus
-- extension, which this project's tests do not have: never run here.
-- Run on the coordinator, once the consumer has migrated the schema (V1 to V12) and db/citus/keys.sql has run.
-- https://docs.citusdata.com/en/stable/develop/api_udf.html#create-distributed-table
CREATE EXTENSION IF NOT EXISTS citus;

-- Rows already there are copied to the shards; writes wait meanwhile. heartbeats and heartbeat_alerts are
-- partitioned by day: distributing the parent distributes its partitions, and each day the partition job creates
-- later is created on every shard (https://docs.citusdata.com/en/stable/use_cases/timeseries.html, "Scaling
-- Timeseries Data on Citus"). Citus's own tests create a DEFAULT partition and a foreign key from one partition to
-- another on distributed tables (github.com/citusdata/citus, src/test/regress/sql/multi_partitioning.sql).
SELECT create_distributed_table('heartbeats', 'patient_id');
-- Co-located: a patient's readings and alerts share a shard, so the per-day foreign key, the insert of a batch's
-- alerts and the alert resolution stay on one worker.
SELECT create_distributed_table('heartbeat_alerts', 'patient_id', colocate_with => 'heartbeats');
-- Each patient's oldest open alert (V12), written with the patient's alerts and read by their resolution.
SELECT create_distributed_table('heartbeat_alerts_open_since', 'patient_id', colocate_with => 'heartbeats');
-- The rollup, co-located too: heartbeat_minutes_refresh joins a patient's minutes to that patient's readings.
SELECT create_distributed_table('heartbeat_minutes', 'patient_id', colocate_with => 'heartbeats');
-- Its 5 minutes (V10), made from a patient's minutes: co-located with them.
SELECT create_distributed_table('heartbeat_five_minutes', 'patient_id', colocate_with => 'heartbeats');
-- The clinical alarms and the detector's state (V8), co-located too: the consumer opens and ends a patient's alarms
-- and writes the patient's detector state in the transaction that stores the patient's readings, so that
-- transaction stays on one worker.
SELECT create_distributed_table('patient_alarms', 'patient_id', colocate_with => 'heartbeats');
SELECT create_distributed_table('patient_alarm_state', 'patient_id', colocate_with => 'heartbeats');
-- One row, the rollup job's progress, with no patient: a reference table, one shard copied to every node
-- (https://docs.citusdata.com/en/stable/develop/reference_ddl.html#reference-tables).
SELECT create_reference_table('heartbeat_minutes_progress');
