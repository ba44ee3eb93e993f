package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;

/**
 * The automatic resolution's rule as one SQL statement, run after a batch is written: the oracle the tests hold
 * {@link AlertAutoResolver}, the consumer's one implementation, to. It reads the batch back and counts the streaks in
 * the database, which is simple to read and slow: in the write benchmark, with it in place of the planner after each
 * COPY, the drain fell from 70,033 to 47,331 events/s and PostgreSQL's CPU went from 18 to 32 seconds, medians of
 * three runs each (docs/decisions.md).
 */
public final class RecoveryOracle {

    /**
     * Has PostgreSQL plan every statement for its own parameters until the transaction ends: what
     * {@link #RESOLVE_RECOVERED} needs (it was the consumer's own statement until the planner became the one path). Its plan depends on how many patients its arrays hold and how many readings
     * each window spans; the generic plan PostgreSQL otherwise switches to after five runs of a prepared statement
     * made it three to four times slower, and slower as the table grew (docs/benchmarks-journal.md, step 1).
     * {@code LOCAL}, so the session's own setting is back at the commit. PostgreSQL 12 or later.
     */
    private static final String CUSTOM_PLANS_FROM_HERE = "SET LOCAL plan_cache_mode = force_custom_plan";

    /**
     * Resolves, in one statement, the open alerts of the given patients that are followed by K consecutive valid
     * readings. Parameters: patient ids and, per patient, the earliest time (epoch microseconds) of its valid
     * readings in the batch; K - 1; K; the {@code resolved_by} text.
     * <p>
     * Only a run of valid readings that a batch's valid reading belongs to can be new, so each patient's readings
     * are read from the K-th reading before that earliest time on (index {@code idx_heartbeats_patient_id}): a
     * run of K that reaches into the batch is seen whole enough to count K. A run is the valid readings after one
     * non-valid reading, in (timestamp, id) order; it resolves every open alert before its first reading, as of its
     * K-th reading's time. Open alerts are found through the partial index {@code idx_heartbeat_alerts_open}.
     * Replaying a batch finds only alerts already resolved, and {@code NOT resolved_flag} skips them.
     */
    private static final String RESOLVE_RECOVERED = """
            WITH recovering AS (
                SELECT r.patient_id, timestamptz 'epoch' + r.epoch_micros * interval '1 microsecond' AS first_valid_at
                FROM unnest(?::text[], ?::bigint[]) AS r (patient_id, epoch_micros)
                WHERE EXISTS (SELECT FROM heartbeat_alerts a WHERE a.patient_id = r.patient_id AND NOT a.resolved_flag)
            ),
            windows AS (
                SELECT w.patient_id, coalesce((
                    SELECT h.timestamp FROM heartbeats h
                    WHERE h.patient_id = w.patient_id AND h.timestamp < w.first_valid_at
                    ORDER BY h.timestamp DESC
                    OFFSET ? LIMIT 1), '-infinity') AS starts_at
                FROM recovering w
            ),
            readings AS (
                SELECT h.patient_id, h.id, h.timestamp, h.validation_status = '%1$s' AS valid,
                       count(*) FILTER (WHERE h.validation_status <> '%1$s')
                           OVER (PARTITION BY h.patient_id ORDER BY h.timestamp, h.id) AS run
                FROM windows w LEFT JOIN heartbeats h ON h.patient_id = w.patient_id AND h.timestamp >= w.starts_at
            ),
            valid_runs AS (
                SELECT patient_id, run, id, timestamp,
                       row_number() OVER (PARTITION BY patient_id, run ORDER BY timestamp, id) AS nth
                FROM readings
                WHERE valid
            ),
            recoveries AS (
                SELECT first.patient_id, first.timestamp AS started_at, first.id AS started_id,
                       kth.timestamp AS recovered_at
                FROM valid_runs first
                JOIN valid_runs kth ON kth.patient_id = first.patient_id AND kth.run = first.run
                WHERE first.nth = 1 AND kth.nth = ?
            ),
            resolutions AS (
                SELECT a.alert_id, min(r.recovered_at) AS resolved_at
                FROM recoveries r
                JOIN heartbeat_alerts a ON a.patient_id = r.patient_id AND NOT a.resolved_flag
                    AND (a.timestamp, a.heartbeat_id) < (r.started_at, r.started_id)
                GROUP BY a.alert_id
            )
            UPDATE heartbeat_alerts a
            SET resolved_flag = TRUE, resolved_at = r.resolved_at, resolved_by = ?
            FROM resolutions r
            WHERE a.alert_id = r.alert_id AND NOT a.resolved_flag
            """.formatted(ValidationStatus.VALID.dbValue());

    private RecoveryOracle() {
    }

    /**
     * Resolves, after {@code rows} are written, the stored alerts the rule says they recover, with {@code k}
     * readings and {@code resolvedBy} as the resolver; returns how many.
     */
    public static int resolveRecovered(Connection connection, List<HeartbeatRow> rows, int k, String resolvedBy)
            throws SQLException {
        Map<String, Instant> earliestValid = new TreeMap<>();
        for (HeartbeatRow row : rows) {
            ClassifiedReading reading = row.reading();
            if (reading.isValid()) {
                earliestValid.merge(reading.patientId(), reading.timestamp(),
                        (known, other) -> known.isBefore(other) ? known : other);
            }
        }
        if (earliestValid.isEmpty()) {
            return 0;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(CUSTOM_PLANS_FROM_HERE);
        }
        try (PreparedStatement statement = connection.prepareStatement(RESOLVE_RECOVERED)) {
            statement.setArray(1, connection.createArrayOf("text", earliestValid.keySet().toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("int8",
                    earliestValid.values().stream().map(EpochMicros::of).toArray(Long[]::new)));
            statement.setInt(3, k - 1);
            statement.setInt(4, k);
            statement.setString(5, resolvedBy);
            return statement.executeUpdate();
        }
    }
}
