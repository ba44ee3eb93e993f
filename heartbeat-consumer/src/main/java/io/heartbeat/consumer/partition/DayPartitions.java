package io.heartbeat.consumer.partition;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    DayPartitions(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Creates the partitions of {@code day}, moving in its rows from the DEFAULT ones; false if they existed. */
    boolean create(LocalDate day) {
        return inTransaction(() -> this.jdbc.sql(CREATE).param(day).query(Boolean.class).single());
    }

    /**
     * Drops the day partitions of every day before {@code keepFrom}, and the rollup's minutes of those days, in one
     * transaction; returns the days dropped.
     */
    List<LocalDate> dropBefore(LocalDate keepFrom) {
        return inTransaction(() -> {
            List<LocalDate> dropped = this.jdbc.sql(DROP_BEFORE).param(keepFrom).query(LocalDate.class).list();
            dropped.forEach((day) -> this.jdbc.sql(DROP_ROLLUP_OF_DAY).params(day, day, day, day).update());
            return dropped;
        });
    }

    /** The days from {@code from} until before {@code until} of which the DEFAULT partition holds readings. */
    List<LocalDate> daysInDefault(LocalDate from, LocalDate until) {
        return inTransaction(() -> this.jdbc.sql(DAYS_IN_DEFAULT).params(from, until).query(LocalDate.class).list());
    }

    private <T> T inTransaction(Supplier<T> work) {
        return this.transactions.execute((status) -> {
            this.jdbc.sql(LOCK_TIMEOUT).update();
            return work.get();
        });
    }
}
