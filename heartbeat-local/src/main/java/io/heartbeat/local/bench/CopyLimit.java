package io.heartbeat.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * How fast PostgreSQL itself takes the same rows: the rows the drain stored, written out, then loaded with one
 * {@code COPY} into an empty table identical to {@code heartbeats} (same columns, defaults, identity, constraints
 * and indexes). The drain is measured against this.
 */
final class CopyLimit {

    static final String TABLE = "heartbeats_copy_limit";

    // The columns the consumer writes; id and created_at come from the table, as they do for the consumer.
    private static final String COLUMNS = "event_id, timestamp, patient_id, heartbeat_value, validation_status,"
            + " anomaly_type, raw_payload, kafka_partition, kafka_offset";

    private CopyLimit() {
    }

    /**
     * Copies {@code heartbeats} into {@link #TABLE} through {@code file} and returns how long the load took; the
     * table and the file are removed afterwards.
     * @param connection in auto-commit, so the COPY commits as one durable transaction
     */
    static Result measure(Connection connection, Path file) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (OutputStream rows = Files.newOutputStream(file)) {
            copy.copyOut("COPY (SELECT " + COLUMNS + " FROM heartbeats ORDER BY id) TO STDOUT", rows);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (LIKE heartbeats INCLUDING ALL)");
            BenchDatabase.checkpoint(connection);
            long start = System.nanoTime();
            long copied;
            try (InputStream rows = Files.newInputStream(file)) {
                copied = copy.copyIn("COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN", rows, 1 << 16);
            }
            Result result = new Result(copied, (System.nanoTime() - start) / 1e9);
            statement.execute("DROP TABLE " + TABLE);
            return result;
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    /** Rows loaded and the seconds the COPY took, commit included. */
    record Result(long rows, double seconds) {

        double rowsPerSecond() {
            return this.rows / this.seconds;
        }
    }
}
