package io.heartbeat.consumer.persistence;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.heartbeat.validation.ValidationStatus;

/**
 * The SQL text of the write path, kept apart from binding and transactions.
 */
final class HeartbeatSql {

    // A batch's rows as HeartbeatRowBinder binds them, one array per column, and the columns they unnest into.
    // Timestamps travel as microseconds since the epoch: exact, and valid for every instant the classifier accepts.
    private static final String BATCH_ARRAYS = "unnest(?::uuid[], ?::bigint[], ?::text[], ?::numeric[], ?::text[], "
            + "?::text[], ?::text[], ?::integer[], ?::bigint[])";

    private static final String BATCH_COLUMNS = "event_id, epoch_micros, patient_id, heartbeat_value, "
            + "validation_status, anomaly_type, raw_payload, kafka_partition, kafka_offset";

    /**
     * Inserts a whole batch in one statement: the rows arrive as one array per column (bound by
     * {@link HeartbeatRowBinder}), rows whose delivery key, {@code (event_id, timestamp)}, is already stored are
     * skipped, and every non-valid row actually inserted gets its alert. Returns, per status, how many rows were
     * inserted and how many alerts raised, so a replayed batch inserts nothing and alerts nothing.
     */
    static final String INSERT_WITH_ALERTS = """
            WITH batch AS (SELECT * FROM %s AS b (%s)),
            inserted AS (
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                        anomaly_type, raw_payload, kafka_partition, kafka_offset)
                SELECT event_id, timestamptz 'epoch' + epoch_micros * interval '1 microsecond', patient_id,
                       heartbeat_value, validation_status, anomaly_type, raw_payload, kafka_partition, kafka_offset
                FROM batch
                ON CONFLICT (event_id, timestamp) DO NOTHING
                RETURNING id, timestamp, patient_id, heartbeat_value, validation_status
            ),
            alerts AS (
                INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category)
                SELECT id, timestamp, patient_id, heartbeat_value, %s
                FROM inserted
                WHERE validation_status <> '%s'
                RETURNING heartbeat_id
            )
            SELECT i.validation_status, count(*) AS inserted, count(a.heartbeat_id) AS alerted
            FROM inserted i LEFT JOIN alerts a ON a.heartbeat_id = i.id
            GROUP BY i.validation_status
            """.formatted(BATCH_ARRAYS, BATCH_COLUMNS, alertCategoryOfStatus(), ValidationStatus.VALID.dbValue());

    /**
     * The rows of a batch whose delivery key is stored for a reading with other content, i.e. conflicts: their
     * places in the arrays, from 1. Bound as {@link #INSERT_WITH_ALERTS}. A stored row from the same partition and
     * offset is that very record, redelivered, whatever the classifier makes of it now. Otherwise the content is the
     * reading as stored: the patient and the value as a number ({@code 72 = 72.0}), the time being part of the key;
     * so the same reading written again, with its keys in another order or {@code Z} as {@code +00:00}, is the same.
     * {@code LIMIT 1} keeps each key a probe of {@code heartbeats_event_id_key}, as in
     * {@link #INSERT_ALERTS_OF_COPIED}.
     */
    static final String CONFLICTING = """
            SELECT b.ord
            FROM %s WITH ORDINALITY AS b (%s, ord)
            CROSS JOIN LATERAL (SELECT * FROM heartbeats s WHERE s.event_id = b.event_id
                AND s.timestamp = timestamptz 'epoch' + b.epoch_micros * interval '1 microsecond' LIMIT 1) h
            WHERE (h.kafka_partition, h.kafka_offset) IS DISTINCT FROM (b.kafka_partition, b.kafka_offset)
                AND (h.patient_id, h.timestamp, h.heartbeat_value) IS DISTINCT FROM
                    (b.patient_id, timestamptz 'epoch' + b.epoch_micros * interval '1 microsecond', b.heartbeat_value)
            ORDER BY b.ord
            """.formatted(BATCH_ARRAYS, BATCH_COLUMNS);

    /** The columns {@link HeartbeatCopyInsert} streams, in its order; {@code id} and {@code created_at} take defaults. */
    static final String COPY_HEARTBEATS = "COPY heartbeats (event_id, timestamp, patient_id, heartbeat_value, "
            + "validation_status, anomaly_type, raw_payload, kafka_partition, kafka_offset) FROM STDIN (FORMAT binary)";

    /**
     * The alerts of the non-valid rows just copied, found by their delivery keys, each resolved already when its
     * batch recovers it. Parameters: the {@code resolved_by} text; delivery keys; per key, the reading's time in
     * epoch microseconds (the rest of the unique key, which prunes each probe to one day's partition); per key, the
     * resolution time in epoch microseconds or null. Reading the ids back needs no grant on the identity sequence,
     * which drawing them beforehand would. {@code LIMIT 1} keeps each key a probe of {@code heartbeats_event_id_key}:
     * joined plainly, a young table without statistics was hashed whole for every batch.
     */
    static final String INSERT_ALERTS_OF_COPIED = """
            INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category,
                                          resolved_flag, resolved_at, resolved_by)
            SELECT h.id, h.timestamp, h.patient_id, h.heartbeat_value, %s, r.resolved_micros IS NOT NULL,
                   timestamptz 'epoch' + r.resolved_micros * interval '1 microsecond',
                   CASE WHEN r.resolved_micros IS NOT NULL THEN ?::text END
            FROM unnest(?::uuid[], ?::bigint[], ?::bigint[]) AS r (event_id, epoch_micros, resolved_micros)
            CROSS JOIN LATERAL (SELECT * FROM heartbeats s WHERE s.event_id = r.event_id
                AND s.timestamp = timestamptz 'epoch' + r.epoch_micros * interval '1 microsecond' LIMIT 1) h
            """.formatted(alertCategoryOfStatus());

    private HeartbeatSql() {
    }

    // The status-to-category rule lives in ValidationStatus; the SQL only spells it out.
    private static String alertCategoryOfStatus() {
        return Arrays.stream(ValidationStatus.values())
                .filter((status) -> status.alertCategory() != null)
                .map((status) -> "WHEN '" + status.dbValue() + "' THEN '" + status.alertCategory().dbValue() + "'")
                .collect(Collectors.joining(" ", "CASE validation_status ", " END"));
    }
}
