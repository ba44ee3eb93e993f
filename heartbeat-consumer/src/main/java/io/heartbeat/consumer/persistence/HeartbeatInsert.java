package io.heartbeat.consumer.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.heartbeat.consumer.batch.DayBoundStatements;
import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ValidationStatus;

/**
 * Inserts rows and alerts, skipping stored delivery keys, in the caller's transaction (docs/consumer.md#the-write,
 * step 4). The conflict probe is a statement of its own, so it sees what a concurrent batch committed meanwhile.
 */
final class HeartbeatInsert {

    private HeartbeatInsert() {
    }

    static WriteResult insert(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        WriteResult written = insertSkippingStoredKeys(connection, firstOfEachKey(rows));
        int conflicting = 0;
        if (written.insertedTotal() < rows.size()) {
            List<HeartbeatRow> conflicts = conflicts(connection, rows);
            if (!conflicts.isEmpty()) {
                WriteResult stored = insertSkippingStoredKeys(connection, conflicts);
                conflicting = stored.insertedTotal();
                written = written.plus(stored);
            }
        }
        return new WriteResult(written.inserted(), rows.size() - written.insertedTotal(), conflicting);
    }

    /**
     * The search for the row PostgreSQL refuses: inserts {@code rows} one at a time, each under a savepoint, and
     * stops at the first one refused. The rows before it stay inserted in the caller's transaction.
     */
    static UntilRefused insertUntilRefused(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        WriteResult written = WriteResult.NONE;
        for (int i = 0; i < rows.size(); i++) {
            Savepoint beforeRow = connection.setSavepoint();
            try {
                written = written.plus(insert(connection, rows.subList(i, i + 1)));
                connection.releaseSavepoint(beforeRow);
            }
            catch (SQLException ex) {
                if (!WriteFailures.isRecordRefusal(ex)) {
                    throw ex;
                }
                connection.rollback(beforeRow);
                return new UntilRefused(i, written, ex);
            }
        }
        return new UntilRefused(rows.size(), written, null);
    }

    /**
     * What {@link #insertUntilRefused} did: {@code stored} rows, from the first, are in, so it is the refused row's
     * index; {@code refusal} is {@code null} if every row is in.
     */
    record UntilRefused(int stored, WriteResult written, SQLException refusal) {
    }

    /**
     * The rows in their order, without those whose delivery key an earlier row has: {@code heartbeats_event_id_key}'s
     * {@code (event_id, timestamp)}, the time to the microsecond PostgreSQL keeps.
     */
    static List<HeartbeatRow> firstOfEachKey(List<HeartbeatRow> rows) {
        Set<StoredKey> seen = new HashSet<>();
        List<HeartbeatRow> firsts = new ArrayList<>(rows.size());
        for (HeartbeatRow row : rows) {
            if (seen.add(new StoredKey(row.deliveryKey(), EpochMicros.of(row.reading().timestamp())))) {
                firsts.add(row);
            }
        }
        return firsts;
    }

    private record StoredKey(UUID eventId, long epochMicros) {
    }

    // The rows whose key is stored with other content, as conflicts, in their order.
    private static List<HeartbeatRow> conflicts(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        List<HeartbeatRow> conflicts = new ArrayList<>();
        try (PreparedStatement statement = DayBoundStatements.prepare(connection, HeartbeatSql.CONFLICTING)) {
            bindConflicting(statement, rows);
            try (ResultSet places = statement.executeQuery()) {
                while (places.next()) {
                    conflicts.add(rows.get(places.getInt(1) - 1).asConflict());
                }
            }
        }
        return conflicts;
    }

    // Binds CONFLICTING to the rows, and to their days.
    static void bindConflicting(PreparedStatement statement, List<HeartbeatRow> rows) throws SQLException {
        HeartbeatRowBinder.bind(statement, rows);
        LongSummaryStatistics times = rows.stream()
                .mapToLong((row) -> EpochMicros.of(row.reading().timestamp())).summaryStatistics();
        DayBoundStatements.setDayStart(statement, 10, times.getMin());
        DayBoundStatements.setDayEnd(statement, 11, times.getMax());
    }

    private static WriteResult insertSkippingStoredKeys(Connection connection, List<HeartbeatRow> rows)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HeartbeatSql.INSERT_WITH_ALERTS)) {
            HeartbeatRowBinder.bind(statement, rows);
            try (ResultSet counts = statement.executeQuery()) {
                return checkedResult(counts, rows);
            }
        }
    }

    // Every count is checked: more rows than sent, or alerts not matching inserted rows, is a bug; fail the batch.
    private static WriteResult checkedResult(ResultSet counts, List<HeartbeatRow> rows) throws SQLException {
        Map<ValidationStatus, Integer> inserted = new EnumMap<>(ValidationStatus.class);
        int total = 0;
        while (counts.next()) {
            ValidationStatus status = ValidationStatus.of(counts.getString("validation_status"));
            int rowsInserted = counts.getInt("inserted");
            int alerts = counts.getInt("alerted");
            int expectedAlerts = (status.alertCategory() != null) ? rowsInserted : 0;
            if (alerts != expectedAlerts) {
                throw new IllegalStateException("Wrote " + rowsInserted + " " + status.dbValue() + " rows but "
                        + alerts + " alerts for " + OffsetRanges.of(rows));
            }
            inserted.put(status, rowsInserted);
            total += rowsInserted;
        }
        if (total > rows.size()) {
            throw new IllegalStateException(
                    "Inserted " + total + " rows for " + rows.size() + " records of " + OffsetRanges.of(rows));
        }
        return new WriteResult(inserted, rows.size() - total, 0);
    }
}
