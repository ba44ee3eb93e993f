package io.heartbeat.consumer.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.Transactions;

/**
 * The SQL of the partition job: each call one short transaction, calling the functions migration V4 created
 * ({@code heartbeat_create_day_partitions}, {@code heartbeat_drop_day_partitions_before}), so the migration and the
 * job share one implementation.
 */
final class DayPartitions {

    // Creating or dropping a partition locks the tables for a moment; a job waiting behind a long query would in
    // turn hold up every batch queued behind it. It gives up instead and tries again on its next run.
    private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";

    private static final String CREATE = "SELECT heartbeat_create_day_partitions(?)";

    private static final String DROP_BEFORE = "SELECT heartbeat_drop_day_partitions_before(?)";

    // The rollup's minutes and 5 minutes of the dropped days go with them: derived from those rows, and a sixtieth
    // of them. Only the dropped days': the DEFAULT partition, never dropped, may keep older readings.
    private static final String DROP_ROLLUP_OF_DAY = """
            WITH five_minutes AS (
                DELETE FROM heartbeat_five_minutes
                WHERE five_minutes >= ?::date::timestamp AT TIME ZONE 'UTC'
                    AND five_minutes < (?::date + 1)::timestamp AT TIME ZONE 'UTC')
            DELETE FROM heartbeat_minutes
            WHERE minute >= ?::date::timestamp AT TIME ZONE 'UTC'
                AND minute < (?::date + 1)::timestamp AT TIME ZONE 'UTC'
            """;

    // Days the DEFAULT partition holds readings of, among those given a partition: a backlog arriving, or a day
    // that had none when its first reading came. The index on timestamp serves it; the partition is small.
    private static final String DAYS_IN_DEFAULT = """
            SELECT DISTINCT (timestamp AT TIME ZONE 'UTC')::date FROM heartbeats_default
            WHERE timestamp >= ?::date::timestamp AT TIME ZONE 'UTC'
                AND timestamp < ?::date::timestamp AT TIME ZONE 'UTC'
            ORDER BY 1
            """;

    private final DataSource dataSource;

    DayPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the partitions of {@code day}, moving in its rows from the DEFAULT ones; false if they existed. */
    boolean create(LocalDate day) throws SQLException {
        return inTransaction((connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
                statement.setObject(1, day);
                try (ResultSet created = statement.executeQuery()) {
                    created.next();
                    return created.getBoolean(1);
                }
            }
        });
    }

    /**
     * Drops the day partitions of every day before {@code keepFrom}, and the rollup's minutes of those days, in one
     * transaction; returns the days dropped.
     */
    List<LocalDate> dropBefore(LocalDate keepFrom) throws SQLException {
        return inTransaction((connection) -> {
            List<LocalDate> dropped = days(connection, DROP_BEFORE, keepFrom);
            try (PreparedStatement rollup = connection.prepareStatement(DROP_ROLLUP_OF_DAY)) {
                for (LocalDate day : dropped) {
                    for (int parameter = 1; parameter <= 4; parameter++) {
                        rollup.setObject(parameter, day);
                    }
                    rollup.executeUpdate();
                }
            }
            return dropped;
        });
    }

    /** The days from {@code from} until before {@code until} of which the DEFAULT partition holds readings. */
    List<LocalDate> daysInDefault(LocalDate from, LocalDate until) throws SQLException {
        return inTransaction((connection) -> days(connection, DAYS_IN_DEFAULT, from, until));
    }

    private static List<LocalDate> days(Connection connection, String sql, LocalDate... parameters)
            throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    days.add(rows.getObject(1, LocalDate.class));
                }
            }
        }
        return days;
    }

    private <T> T inTransaction(Transactions.Work<T> work) throws SQLException {
        return Transactions.inTransaction(this.dataSource, (connection) -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(LOCK_TIMEOUT);
            }
            return work.run(connection);
        });
    }
}
