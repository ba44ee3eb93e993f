package io.heartbeat.consumer.partition;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.FixedDelayJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * The partition job (docs/consumer.md#partitions-and-retention): at start-up, before the listener's first batch, then
 * every {@link PartitionSettings#interval()}. Each SQL call is a short transaction calling the functions migration V4
 * created, so the migration and the job share them.
 */
@Component
@EnableConfigurationProperties(PartitionSettings.class)
public class PartitionMaintenance extends FixedDelayJob {

    private static final Logger logger = LoggerFactory.getLogger(PartitionMaintenance.class);

    // Days before today the DEFAULT partition is searched for readings to give a partition, without a retention:
    // as far back as the migration gave old rows partitions. Older ones, a clock years off, stay where they are.
    private static final int SWEEP_DAYS_WITHOUT_RETENTION = 3653;

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

    /**
     * Locks the lock table needs per day kept. A batch locks only the days from its patients' oldest open alert on;
     * what still locks every day, each partition and index, is the rollup (about 6 a day) and readers without a time
     * bound (the API, a dashboard, local mode's summary: 5 to 11), a few at once. Measured on the default 6,400 with
     * 744 days kept: no failure (docs/consumer.md, "Many days kept").
     */
    static final int LOCKS_PER_DAY = 20;

    // The days kept, and the size of PostgreSQL's lock table with its parts.
    private static final String LOCK_TABLE = """
            SELECT (SELECT count(*) FROM pg_inherits WHERE inhparent = 'heartbeats'::regclass) - 1,
                   current_setting('max_locks_per_transaction')::int,
                   current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int
            """;

    private final PartitionSettings settings;

    private final Clock clock;

    @Autowired
    PartitionMaintenance(DataSource dataSource, PartitionSettings settings) {
        this(dataSource, settings, Clock.systemUTC());
    }

    PartitionMaintenance(DataSource dataSource, PartitionSettings settings, Clock clock) {
        super("partition-maintenance", settings.interval(), dataSource);
        this.settings = settings;
        this.clock = clock;
    }

    /** One run of the job; never throws. */
    @Override
    protected void run() {
        LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
        try {
            int created = 0;
            for (int ahead = 0; ahead <= this.settings.daysAhead(); ahead++) {
                created += create(today.plusDays(ahead)) ? 1 : 0;
            }
            LocalDate keepFrom = this.settings.retains() ? today.minusDays(this.settings.retentionDays())
                    : today.minusDays(SWEEP_DAYS_WITHOUT_RETENTION);
            LocalDate afterLast = today.plusDays(this.settings.daysAhead() + 1L);
            for (LocalDate day : daysInDefault(keepFrom, afterLast)) {
                created += create(day) ? 1 : 0;
            }
            List<LocalDate> dropped = this.settings.retains() ? dropBefore(keepFrom) : List.of();
            if (created > 0 || !dropped.isEmpty()) {
                logger.info("Partitions: created {} day(s), dropped {} expired day(s) {} (RETENTION_DAYS={})",
                        created, dropped.size(), dropped, this.settings.retains() ? this.settings.retentionDays()
                                : "unset, keeping every day");
            }
            warnIfTheLockTableIsTooSmall();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not maintain the day partitions of heartbeats and heartbeat_alerts: {}; readings "
                    + "without a partition are stored in the DEFAULT one, and the next run tries again "
                    + "(docs/consumer.md#partitions-and-retention)",
                    NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
        }
    }

    /** Runs once before the listener starts, then every interval. */
    @Override
    public void start() {
        run();
        super.start();
    }

    // Before the Kafka listener containers (phase Integer.MAX_VALUE - 100): today's partition exists before the
    // first batch is written.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private void warnIfTheLockTableIsTooSmall() {
        this.jdbc.sql(LOCK_TABLE).query((row, number) -> {
            long days = row.getLong(1);
            int locks = row.getInt(2);
            int connections = row.getInt(3);
            if (days * LOCKS_PER_DAY > (long) locks * connections) {
                logger.warn("PostgreSQL's lock table (max_locks_per_transaction {} x {} connections) is too small for"
                        + " the {} days kept: statements over them can fail with 'out of shared memory'. Raise"
                        + " max_locks_per_transaction to at least {}, or set RETENTION_DAYS"
                        + " (docs/consumer.md#partitions-and-retention)", locks, connections, days,
                        (days * LOCKS_PER_DAY + connections - 1) / connections);
            }
            return days;
        }).single();
    }

    // Creates the partitions of the day, moving in its rows from the DEFAULT ones; false if they existed.
    private boolean create(LocalDate day) {
        return inTransaction(() -> this.jdbc.sql(CREATE).param(day).query(Boolean.class).single());
    }

    // Drops the day partitions of every day before keepFrom, and the rollup's minutes of those days, in one
    // transaction; returns the days dropped.
    private List<LocalDate> dropBefore(LocalDate keepFrom) {
        return inTransaction(() -> {
            List<LocalDate> dropped = this.jdbc.sql(DROP_BEFORE).param(keepFrom).query(LocalDate.class).list();
            dropped.forEach((day) -> this.jdbc.sql(DROP_ROLLUP_OF_DAY).params(day, day, day, day).update());
            return dropped;
        });
    }

    // The days from 'from' until before 'until' of which the DEFAULT partition holds readings.
    private List<LocalDate> daysInDefault(LocalDate from, LocalDate until) {
        return inTransaction(() -> this.jdbc.sql(DAYS_IN_DEFAULT).params(from, until).query(LocalDate.class).list());
    }

    private <T> T inTransaction(Supplier<T> work) {
        return this.transactions.execute((status) -> {
            this.jdbc.sql(LOCK_TIMEOUT).update();
            return work.get();
        });
    }
}
