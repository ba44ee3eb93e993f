-- Each patient's oldest open alert, or a time before it, kept outside the day partitions. The automatic resolution
-- looks for a patient's open alerts, and for the readings that can resolve them, from this time on: a constant bound
-- that PostgreSQL prunes the day partitions with before it locks them. Without it every batch's transaction locked
-- every day kept, each partition and index, and past a few hundred days PostgreSQL's lock table ran out (docs/
-- consumer.md, "Many days kept").
--
-- open_since may lie before the patient's oldest open alert (one an operator resolved, a day dropped), never after
-- it: the consumer lowers it in the transaction of every batch that leaves an older alert open, and the resolution
-- raises it again to the oldest alert still open once it lags the patient's readings by more than a day. A patient
-- without a row has no open alert. Not a trigger: one on heartbeat_alerts made PostgreSQL spend 5 s more CPU on a
-- million readings (docs/decisions.md, "Day partitions and locks"); whatever else inserts open alerts should lower it
-- too.
CREATE TABLE heartbeat_alerts_open_since (
    patient_id  VARCHAR(50)  NOT NULL,
    open_since  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT heartbeat_alerts_open_since_pkey PRIMARY KEY (patient_id)
);

INSERT INTO heartbeat_alerts_open_since (patient_id, open_since)
SELECT patient_id, min(timestamp) FROM heartbeat_alerts
WHERE NOT resolved_flag AND patient_id IS NOT NULL
GROUP BY patient_id;
