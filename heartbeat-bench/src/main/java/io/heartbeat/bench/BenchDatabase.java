package io.heartbeat.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bench asks PostgreSQL directly (benchmarks.md, "What one run does"); a checkpoint before each timed write,
 * so no phase pays for the dirty pages of the one before.
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

    /**
     * Creates the day partitions of the {@code days} UTC days before today, empty, as a consumer that has kept that
     * much history has them: each batch plans, and may lock, every day kept (docs/consumer.md, "Many days kept").
     * A day a transaction, so that no transaction needs the lock table for all of them. Returns the days created.
     */
    static int createDaysBefore(Connection connection, int days) throws SQLException {
        int created = 0;
        try (PreparedStatement create = connection.prepareStatement("""
                SELECT heartbeat_create_day_partitions((now() AT TIME ZONE 'UTC')::date - ?)
                """)) {
            for (int before = days; before >= 1; before--) {
                create.setInt(1, before);
                try (ResultSet row = create.executeQuery()) {
                    row.next();
                    created += row.getBoolean(1) ? 1 : 0;
                }
            }
        }
        return created;
    }

    /** Deletes every reading and alert, and restarts their ids: the tables as a fresh migration leaves them. */
    static void emptyTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE heartbeat_alerts, heartbeats RESTART IDENTITY");
        }
    }

    /** Ends the bench consumers' database sessions as each goes idle; why: benchmarks.md, "What one run does", 3. */
    static void endConsumerSessions(Connection connection, Duration timeout) throws SQLException {
        Set<Integer> sessions = new HashSet<>();
        try (PreparedStatement open = connection.prepareStatement("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND application_name LIKE ? AND pid <> pg_backend_pid()
                """)) {
            open.setString(1, ConsumerService.APPLICATION_NAME_PREFIX + "%");
            try (ResultSet pids = open.executeQuery()) {
                while (pids.next()) {
                    sessions.add(pids.getInt(1));
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement end = connection.prepareStatement("""
                SELECT pid, state = 'idle' AND pg_terminate_backend(pid)
                FROM pg_stat_activity WHERE pid = ANY (?)
                """)) {
            while (!sessions.isEmpty()) {
                end.setArray(1, connection.createArrayOf("integer", sessions.toArray()));
                Set<Integer> left = new HashSet<>();
                try (ResultSet rows = end.executeQuery()) {
                    while (rows.next()) {
                        left.add(rows.getInt(1));
                    }
                }
                sessions.retainAll(left);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The consumers' sessions " + sessions + " were still busy after "
                            + timeout);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
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

    /** The rollup's function calls ended so far; empty where {@code track_functions} is off (BenchServers sets it). */
    static Optional<RollupCalls> rollupCalls(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT current_setting('track_functions') <> 'none', coalesce(sum(calls), 0),
                               coalesce(sum(total_time), 0)
                        FROM pg_stat_user_functions
                        WHERE funcname = 'heartbeat_minutes_refresh'
                        """)) {
            row.next();
            return row.getBoolean(1) ? Optional.of(new RollupCalls(row.getLong(2), row.getDouble(3)))
                    : Optional.empty();
        }
    }

    /** Calls of the rollup's function that have ended, and their time in PostgreSQL. */
    record RollupCalls(long calls, double milliseconds) {

        /** The calls that ended since {@code before}: {@code calls} and {@code seconds}. */
        Map<String, Object> since(RollupCalls before) {
            Map<String, Object> since = new LinkedHashMap<>();
            since.put("calls", this.calls - before.calls);
            since.put("seconds", Math.round(this.milliseconds - before.milliseconds) / 1000.0);
            return since;
        }
    }
}
