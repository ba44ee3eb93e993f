-- Registers the compose profile's two workers with the coordinator (docker-compose.yml, profile citus). Never run
-- here: this machine has no Docker engine and no Citus.
-- https://docs.citusdata.com/en/stable/develop/api_udf.html#citus-add-node
CREATE EXTENSION IF NOT EXISTS citus;
SELECT citus_set_coordinator_host('citus-coordinator', 5432);
SELECT citus_add_node('citus-worker-1', 5432);
SELECT citus_add_node('citus-worker-2', 5432);
