package io.heartbeat.consumer.persistence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;

/**
 * Binds rows to {@link HeartbeatSql#INSERT_WITH_ALERTS}: one array parameter per column, in the statement's order.
 * It only binds; it never executes.
 */
final class HeartbeatRowBinder {

    private HeartbeatRowBinder() {
    }

    static void bind(PreparedStatement statement, List<HeartbeatRow> rows) throws SQLException {
        int size = rows.size();
        UUID[] eventIds = new UUID[size];
        Long[] epochMicros = new Long[size];
        String[] patientIds = new String[size];
        BigDecimal[] values = new BigDecimal[size];
        String[] statuses = new String[size];
        String[] anomalyTypes = new String[size];
        String[] rawPayloads = new String[size];
        Integer[] partitions = new Integer[size];
        Long[] offsets = new Long[size];
        for (int i = 0; i < size; i++) {
            HeartbeatRow row = rows.get(i);
            ClassifiedReading reading = row.reading();
            eventIds[i] = row.deliveryKey();
            epochMicros[i] = EpochMicros.of(reading.timestamp());
            patientIds[i] = reading.patientId();
            values[i] = reading.heartbeatValue();
            statuses[i] = reading.status().dbValue();
            anomalyTypes[i] = (reading.anomalyType() != null) ? reading.anomalyType().dbValue() : null;
            rawPayloads[i] = reading.rawPayload();
            partitions[i] = row.partition();
            offsets[i] = row.offset();
        }
        Connection connection = statement.getConnection();
        statement.setArray(1, connection.createArrayOf("uuid", eventIds));
        statement.setArray(2, connection.createArrayOf("int8", epochMicros));
        statement.setArray(3, connection.createArrayOf("text", patientIds));
        statement.setArray(4, connection.createArrayOf("numeric", values));
        statement.setArray(5, connection.createArrayOf("text", statuses));
        statement.setArray(6, connection.createArrayOf("text", anomalyTypes));
        statement.setArray(7, connection.createArrayOf("text", rawPayloads));
        statement.setArray(8, connection.createArrayOf("int4", partitions));
        statement.setArray(9, connection.createArrayOf("int8", offsets));
    }
}
