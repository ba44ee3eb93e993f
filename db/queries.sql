-- Example queries (the original project's, on the current schema). Run them with psql:
--   psql -h localhost -p 5432 -U heartbeat_user -d heartbeat_db -f db/queries.sql
-- QueriesIntegrationTests runs each statement below against seeded data, in this order.

-- View recent heartbeats
SELECT * FROM heartbeats
ORDER BY timestamp DESC
LIMIT 10;

-- Count by validation_status
SELECT validation_status, COUNT(*) AS count
FROM heartbeats
GROUP BY validation_status
ORDER BY validation_status;

-- Heart rate statistics by patient
SELECT
    patient_id,
    MIN(heartbeat_value) AS min_hr,
    MAX(heartbeat_value) AS max_hr,
    AVG(heartbeat_value)::NUMERIC(10,2) AS avg_hr,
    COUNT(*) AS total_records
FROM heartbeats
WHERE validation_status = 'valid'
GROUP BY patient_id
ORDER BY patient_id;

-- Recent alerts
SELECT * FROM heartbeat_alerts
ORDER BY timestamp DESC
LIMIT 10;

-- Count alerts by category
SELECT alert_category, COUNT(*) AS count
FROM heartbeat_alerts
GROUP BY alert_category
ORDER BY alert_category;

-- Corrupted payloads as received, newest first
SELECT timestamp, patient_id, anomaly_type, raw_payload
FROM heartbeats
WHERE validation_status = 'corrupted'
ORDER BY timestamp DESC
LIMIT 10;
