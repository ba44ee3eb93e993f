package io.heartbeat.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the benchmark asks PostgreSQL directly: how it is configured, and a checkpoint before each timed write, so
 * no phase pays for the dirty pages of the one before.
 */
final class BenchDatabase {

    private static final Logger logger = LoggerFactory.getLogger(BenchDatabase.class);

    // What decides whether a commit is durable and what it costs; the benchmark runs with durable settings only.
    private static final List<String> SETTINGS = List.of("server_version", "fsync", "synchronous_commit",
            "full_page_writes", "wal_level", "shared_buffers", "max_wal_size");

    private BenchDatabase() {
    }

    /** Runs CHECKPOINT; a user without the right (not superuser, not pg_checkpoint) only gets a warning. */
    static void checkpoint(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        catch (SQLException ex) {
            logger.warn("Could not run CHECKPOINT before a timed phase: {}", ex.getMessage());
        }
    }

    /** Deletes every reading and alert, and restarts their ids: the tables as a fresh migration leaves them. */
    static void emptyTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE heartbeat_alerts, heartbeats RESTART IDENTITY");
        }
    }

    /** The server settings that matter for write speed and durability. */
    static Map<String, Object> settings(Connection connection) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : SETTINGS) {
                try (ResultSet value = statement.executeQuery("SHOW " + name)) {
                    value.next();
                    settings.put(name, value.getString(1));
                }
            }
        }
        return settings;
    }
}
