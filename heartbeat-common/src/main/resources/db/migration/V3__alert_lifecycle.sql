-- Alert lifecycle: an alert is resolved automatically once its patient sends enough consecutive valid readings,
-- or by an operator, who may also acknowledge it. The state lives here, so every consumer instance sees the same.
-- Adding nullable columns rewrites nothing; existing alerts stay open until resolved.

ALTER TABLE heartbeat_alerts
    -- Automatic: the time of the valid reading that completed the streak. Operator: when they resolved it.
    ADD COLUMN resolved_at     TIMESTAMPTZ,
    -- 'auto (<K> valid readings)' or the operator; operator names never contain a space.
    ADD COLUMN resolved_by     VARCHAR(100),
    ADD COLUMN acknowledged_at TIMESTAMPTZ,
    ADD COLUMN acknowledged_by VARCHAR(100),
    -- One-way on purpose: rows resolved before this migration have no resolution to show.
    ADD CONSTRAINT heartbeat_alerts_open_has_no_resolution CHECK (
        resolved_flag OR (resolved_at IS NULL AND resolved_by IS NULL)),
    ADD CONSTRAINT heartbeat_alerts_acknowledged_by_whom CHECK (
        (acknowledged_at IS NULL) = (acknowledged_by IS NULL));

-- Open alerts by patient: what every batch's automatic resolution looks up, and what "open alerts of a patient"
-- and Grafana's active-alerts count read. Partial, so it holds only the open ones and stays small.
CREATE INDEX idx_heartbeat_alerts_open ON heartbeat_alerts (patient_id, timestamp) WHERE NOT resolved_flag;
