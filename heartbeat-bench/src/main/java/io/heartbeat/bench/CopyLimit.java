package io.heartbeat.bench;

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

/** How fast PostgreSQL itself takes the drained rows, the drain's limit (benchmarks.md, "What one run does", 6). */
final class CopyLimit {

    static final String TABLE = "heartbeats_copy_limit";

    // The columns the consumer writes; id and created_at come from the table, as they do for the consumer.
    private static final String COLUMNS = "event_id, timestamp, patient_id, heartbeat_value, validation_status,"
            + " anomaly_type, raw_payload, kafka_partition, kafka_offset";

    private CopyLimit() {
    }

    /**
     * Loads the drained rows in each of COPY's formats; the faster is the limit, as the consumer streams binary.
     * {@code connection} must be in auto-commit, so each COPY is one durable transaction.
     */
    static Result measure(Connection connection, Path directory) throws SQLException, IOException {
        Load text = load(connection, directory.resolve("heartbeats.copy"), "text");
        Load binary = load(connection, directory.resolve("heartbeats.copy.bin"), "binary");
        if (text.rows() != binary.rows()) {
            throw new IllegalStateException(
                    "COPY loaded " + text.rows() + " rows as text but " + binary.rows() + " as binary");
        }
        return new Result(text.rows(), text.seconds(), binary.seconds());
    }

    private static Load load(Connection connection, Path file, String format) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String options = " (FORMAT " + format + ")";
        try (OutputStream rows = Files.newOutputStream(file)) {
            copy.copyOut("COPY (SELECT " + COLUMNS + " FROM heartbeats ORDER BY id) TO STDOUT" + options, rows);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (LIKE heartbeats INCLUDING ALL)");
            BenchDatabase.checkpoint(connection);
            long start = System.nanoTime();
            long loaded;
            try (InputStream rows = Files.newInputStream(file)) {
                loaded = copy.copyIn("COPY " + TABLE + " (" + COLUMNS + ") FROM STDIN" + options, rows, 1 << 16);
            }
            Load load = new Load(loaded, (System.nanoTime() - start) / 1e9);
            statement.execute("DROP TABLE " + TABLE);
            return load;
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    private record Load(long rows, double seconds) {
    }

    /** Rows loaded, and the seconds each format's COPY took, commit included. */
    record Result(long rows, double textSeconds, double binarySeconds) {

        /** The seconds of the faster format: the limit. */
        double seconds() {
            return Math.min(this.textSeconds, this.binarySeconds);
        }

        String format() {
            return (this.binarySeconds <= this.textSeconds) ? "binary" : "text";
        }

        double rowsPerSecond() {
            return this.rows / seconds();
        }

        double textRowsPerSecond() {
            return this.rows / this.textSeconds;
        }

        double binaryRowsPerSecond() {
            return this.rows / this.binarySeconds;
        }
    }
}
