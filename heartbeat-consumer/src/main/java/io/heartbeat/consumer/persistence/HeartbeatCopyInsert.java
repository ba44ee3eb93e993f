package io.heartbeat.consumer.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.heartbeat.consumer.alert.Recoveries;
import io.heartbeat.consumer.batch.DayBoundStatements;
import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.postgresql.PGConnection;

/**
 * A batch as one binary {@code COPY}, then one statement for its alerts (docs/consumer.md, "The write", steps 2 and 3),
 * encoded before anything is sent and inserted in the caller's transaction.
 */
// alertRows: the indexes of the non-valid rows, whose alerts the statement after the COPY creates.
record HeartbeatCopyInsert(List<HeartbeatRow> rows, BinaryCopyRows copy, Map<ValidationStatus, Integer> inserted,
        int[] alertRows) {

    private static final int COLUMNS = 9;

    // Every row repeats one of these few texts: encoded once.
    private static final Map<ValidationStatus, byte[]> STATUSES = utf8(ValidationStatus.class, ValidationStatus::dbValue);

    private static final Map<AnomalyType, byte[]> ANOMALIES = utf8(AnomalyType.class, AnomalyType::dbValue);

    /**
     * Encodes {@code rows} for the COPY, or returns {@code null} when a value cannot travel in binary (a number beyond
     * what {@code numeric}'s binary form carries), which the statement then lets PostgreSQL judge.
     */
    static HeartbeatCopyInsert encode(List<HeartbeatRow> rows) {
        BinaryCopyRows copy = new BinaryCopyRows();
        Map<ValidationStatus, Integer> inserted = new EnumMap<>(ValidationStatus.class);
        int[] alertRows = new int[rows.size()];
        int alerts = 0;
        try {
            for (int i = 0; i < rows.size(); i++) {
                HeartbeatRow row = rows.get(i);
                ClassifiedReading reading = row.reading();
                copy.startRow(COLUMNS)
                        .uuid(row.deliveryKey())
                        .timestamptz(reading.timestamp())
                        .text(reading.patientId())
                        .numeric(reading.heartbeatValue())
                        .utf8(STATUSES.get(reading.status()))
                        .utf8((reading.anomalyType() != null) ? ANOMALIES.get(reading.anomalyType()) : null)
                        .text(reading.rawPayload())
                        .int4(row.partition())
                        .int8(row.offset());
                inserted.merge(reading.status(), 1, Integer::sum);
                if (reading.status().alertCategory() != null) {
                    alertRows[alerts++] = i;
                }
            }
        }
        catch (BinaryCopyRows.UnencodableValueException ex) {
            return null;
        }
        return new HeartbeatCopyInsert(rows, copy.finish(), inserted, Arrays.copyOf(alertRows, alerts));
    }

    /**
     * Inserts every row and one alert per non-valid row, resolved when {@code recoveries} says so; a stored delivery
     * key fails it with SQLState 23505.
     */
    WriteResult insert(Connection connection, Recoveries recoveries) throws SQLException {
        checkCount("rows", copy(connection, this.copy), this.rows.size());
        int alerts = this.alertRows.length;
        if (alerts > 0) {
            try (PreparedStatement statement = DayBoundStatements.prepare(connection,
                    HeartbeatSql.INSERT_ALERTS_OF_COPIED)) {
                bindAlerts(statement, recoveries);
                checkCount("alerts", statement.executeUpdate(), alerts);
            }
        }
        return new WriteResult(this.inserted, 0, 0);
    }

    // Binds INSERT_ALERTS_OF_COPIED to the non-valid rows: their keys and times, when each resolves, and their days.
    void bindAlerts(PreparedStatement statement, Recoveries recoveries) throws SQLException {
        int alerts = this.alertRows.length;
        UUID[] keys = new UUID[alerts];
        Long[] times = new Long[alerts];
        Long[] resolvedAt = new Long[alerts];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < alerts; i++) {
            HeartbeatRow row = this.rows.get(this.alertRows[i]);
            keys[i] = row.deliveryKey();
            times[i] = EpochMicros.of(row.reading().timestamp());
            resolvedAt[i] = recoveries.resolvedAt(this.alertRows[i]);
            first = Math.min(first, times[i]);
            last = Math.max(last, times[i]);
        }
        Connection connection = statement.getConnection();
        statement.setString(1, recoveries.resolvedBy());
        statement.setArray(2, connection.createArrayOf("uuid", keys));
        statement.setArray(3, connection.createArrayOf("int8", times));
        statement.setArray(4, connection.createArrayOf("int8", resolvedAt));
        DayBoundStatements.setDayStart(statement, 5, first);
        DayBoundStatements.setDayEnd(statement, 6, last);
    }

    private static <E extends Enum<E>> Map<E, byte[]> utf8(Class<E> type, Function<E, String> text) {
        Map<E, byte[]> bytes = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            bytes.put(value, text.apply(value).getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static long copy(Connection connection, BinaryCopyRows rows) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        try {
            return postgres.getCopyAPI().copyIn(HeartbeatSql.COPY_HEARTBEATS, rows.stream());
        }
        catch (SQLException ex) {
            if (WriteFailures.isConnectionFailure(ex)) {
                // The COPY API bypasses the pool's proxy, which closes a connection that failed so: left open, the
                // rollback would wait out DB_WRITE_TIMEOUT a second time on a server that does not answer.
                ((Connection) postgres).abort(Runnable::run);
            }
            throw ex;
        }
        catch (IOException ex) {
            // Reading byte arrays cannot fail; the driver declares it for streams in general.
            throw new SQLException("Could not stream the COPY", ex);
        }
    }

    // A count that differs from what was sent is a bug: fail the batch rather than commit a part of it.
    private void checkCount(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("Copied " + actual + " " + what + " instead of " + expected + " for "
                    + OffsetRanges.of(this.rows));
        }
    }
}
