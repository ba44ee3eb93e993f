package io.heartbeat.consumer.persistence;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.heartbeat.consumer.batch.DayBoundStatements;
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

    /** The fallback insert, bound by {@link HeartbeatRowBinder}: docs/consumer.md, "The write", step 4. */
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
                RETURNING heartbeat_id, patient_id, timestamp, resolved_flag
            ),
            %s
            SELECT i.validation_status, count(*) AS inserted, count(a.heartbeat_id) AS alerted
            FROM inserted i LEFT JOIN alerts a ON a.heartbeat_id = i.id
            GROUP BY i.validation_status
            """.formatted(BATCH_ARRAYS, BATCH_COLUMNS, alertCategoryOfStatus(), ValidationStatus.VALID.dbValue(),
            DayBoundStatements.lowerOpenSince("alerts"));

    /**
     * The places (from 1) of the conflicts (docs/consumer.md, "Delivery key"), bound as {@link #INSERT_WITH_ALERTS},
     * then the start of the batch's first day and of the day after its last, which rule out the other days
     * (DayBoundStatements). {@code LIMIT 1} and the time compared as not distinct keep each key a probe of the
     * unique index, as in {@link #INSERT_ALERTS_OF_COPIED}.
     */
    static final String CONFLICTING = """
            SELECT b.ord
            FROM %s WITH ORDINALITY AS b (%s, ord)
            CROSS JOIN LATERAL (SELECT * FROM heartbeats s WHERE s.event_id = b.event_id
                AND s.timestamp IS NOT DISTINCT FROM timestamptz 'epoch' + b.epoch_micros * interval '1 microsecond'
                AND s.timestamp >= ?::timestamptz AND s.timestamp < ?::timestamptz LIMIT 1) h
            WHERE (h.kafka_partition, h.kafka_offset) IS DISTINCT FROM (b.kafka_partition, b.kafka_offset)
                AND (h.patient_id, h.timestamp, h.heartbeat_value) IS DISTINCT FROM
                    (b.patient_id, timestamptz 'epoch' + b.epoch_micros * interval '1 microsecond', b.heartbeat_value)
            ORDER BY b.ord
            """.formatted(BATCH_ARRAYS, BATCH_COLUMNS);

    /** The columns {@link HeartbeatCopyInsert} streams, in its order; {@code id} and {@code created_at} take defaults. */
    static final String COPY_HEARTBEATS = "COPY heartbeats (event_id, timestamp, patient_id, heartbeat_value, "
            + "validation_status, anomaly_type, raw_payload, kafka_partition, kafka_offset) FROM STDIN (FORMAT binary)";

    /**
     * The alerts of the rows just copied (docs/consumer.md, "The write", step 3), bound: the resolver's name, the
     * arrays, then the start of their first day and of the day after their last, which rule out the other days
     * (DayBoundStatements). {@code LIMIT 1} keeps each key a probe of {@code heartbeats_event_id_key}: joined
     * plainly, a young table without statistics was hashed whole. So does the time compared as not distinct, which
     * no index can use: as an equality, next to the bounds, it lured PostgreSQL onto the {@code timestamp} index of
     * a partition without statistics, which it then read along every reading of that time. The resolution has
     * lowered each patient's open_since already, where these alerts need it (Recoveries): lowered here, in the
     * statement, it cost PostgreSQL more than the insert itself.
     */
    static final String INSERT_ALERTS_OF_COPIED = """
            INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category,
                                          resolved_flag, resolved_at, resolved_by)
            SELECT h.id, h.timestamp, h.patient_id, h.heartbeat_value, %s, r.resolved_micros IS NOT NULL,
                   timestamptz 'epoch' + r.resolved_micros * interval '1 microsecond',
                   CASE WHEN r.resolved_micros IS NOT NULL THEN ?::text END
            FROM unnest(?::uuid[], ?::bigint[], ?::bigint[]) AS r (event_id, epoch_micros, resolved_micros)
            CROSS JOIN LATERAL (SELECT * FROM heartbeats s WHERE s.event_id = r.event_id
                AND s.timestamp IS NOT DISTINCT FROM timestamptz 'epoch' + r.epoch_micros * interval '1 microsecond'
                AND s.timestamp >= ?::timestamptz AND s.timestamp < ?::timestamptz LIMIT 1) h
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
