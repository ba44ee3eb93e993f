package io.heartbeat.consumer.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.heartbeat.consumer.alert.Recoveries;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.postgresql.PGConnection;

/**
 * Inserts a batch the way PostgreSQL loads rows fastest: one binary {@code COPY} of the rows, then one statement
 * creating the alerts of the non-valid ones, already resolved when the batch itself recovers them. It runs inside
 * the caller's transaction and commits nothing.
 * <p>
 * {@code COPY} cannot skip a stored delivery key: a batch holding one fails on {@code heartbeats_event_id_key} and
 * leaves the transaction to be rolled back. That is a redelivery, rare, and the caller then writes the batch with
 * {@link HeartbeatSql#INSERT_WITH_ALERTS}, which skips such rows; so every key is still stored once.
 */
final class HeartbeatCopyInsert {

    // Generous for a valid reading's fields; the buffer grows for long payloads.
    private static final int BYTES_PER_ROW = 128;

    private static final int COLUMNS = 9;

    // Every row repeats one of these few texts: encoded once.
    private static final Map<ValidationStatus, byte[]> STATUSES = utf8(ValidationStatus.class, ValidationStatus::dbValue);

    private static final Map<AnomalyType, byte[]> ANOMALIES = utf8(AnomalyType.class, AnomalyType::dbValue);

    private HeartbeatCopyInsert() {
    }

    /**
     * Inserts every row and one alert per non-valid row, resolved when {@code recoveries} says so; a stored delivery
     * key fails it with SQLState 23505.
     * @return what was inserted, or {@code null}, having sent nothing, when a value cannot travel in binary (a
     * number beyond what {@code numeric}'s binary form carries): the statement then lets PostgreSQL judge it
     */
    static WriteResult insert(Connection connection, List<HeartbeatRow> rows, Recoveries recoveries)
            throws SQLException {
        BinaryCopyRows copy = new BinaryCopyRows(rows.size() * BYTES_PER_ROW);
        Map<ValidationStatus, Integer> inserted = new EnumMap<>(ValidationStatus.class);
        UUID[] alerted = new UUID[rows.size()];
        Long[] resolvedAt = new Long[rows.size()];
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
                    alerted[alerts] = row.deliveryKey();
                    resolvedAt[alerts++] = recoveries.resolvedAt(i);
                }
            }
        }
        catch (BinaryCopyRows.UnencodableValueException ex) {
            return null;
        }
        checkCount("rows", copy(connection, copy.finish()), rows.size(), rows);
        if (alerts > 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(HeartbeatSql.GENERIC_PLANS_FROM_HERE);
            }
            try (PreparedStatement statement = connection.prepareStatement(HeartbeatSql.INSERT_ALERTS_OF_COPIED)) {
                statement.setString(1, recoveries.resolvedBy());
                statement.setArray(2, connection.createArrayOf("uuid", Arrays.copyOf(alerted, alerts)));
                statement.setArray(3, connection.createArrayOf("int8", Arrays.copyOf(resolvedAt, alerts)));
                checkCount("alerts", statement.executeUpdate(), alerts, rows);
            }
        }
        return new WriteResult(inserted, 0);
    }

    private static <E extends Enum<E>> Map<E, byte[]> utf8(Class<E> type, Function<E, String> text) {
        Map<E, byte[]> bytes = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            bytes.put(value, text.apply(value).getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static long copy(Connection connection, BinaryCopyRows rows) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(HeartbeatSql.COPY_HEARTBEATS, new ByteArrayInputStream(rows.buffer(), 0, rows.length()));
        }
        catch (IOException ex) {
            // Reading a byte array cannot fail; the driver declares it for streams in general.
            throw new SQLException("Could not stream the COPY", ex);
        }
    }

    // A count that differs from what was sent is a bug: fail the batch rather than commit a part of it.
    private static void checkCount(String what, long actual, long expected, List<HeartbeatRow> rows) {
        if (actual != expected) {
            throw new IllegalStateException(
                    "Copied " + actual + " " + what + " instead of " + expected + " for " + OffsetRanges.of(rows));
        }
    }
}
