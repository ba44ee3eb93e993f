package io.heartbeat.consumer.rollup;

import java.time.Duration;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.FixedDelayJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;

/**
 * Keeps {@code heartbeat_minutes} up to date (docs/dashboards.md#rollup, The job): the SQL is the migrations'
 * {@code heartbeat_minutes_refresh}; this class adds the lock, the progress and the steps, a transaction each.
 */
final class MinuteRollupJob extends FixedDelayJob {

    /**
     * How far behind its transaction's start each step leaves the progress. created_at is the writer's transaction
     * start, so a batch that commits after this step's snapshot has a created_at up to its own duration in the past;
     * the writer's transactions last seconds (DB_WRITE_TIMEOUT bounds each statement), and a batch slower than this
     * fails and is retried with a new created_at far more often than it commits.
     */
    static final Duration LOOKBACK = Duration.ofMinutes(2);

    /** Storing time one step reads at most, so that catching up on a long history never holds one long statement. */
    static final Duration CHUNK = Duration.ofMinutes(15);

    private static final Logger logger = LoggerFactory.getLogger(MinuteRollupJob.class);

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('heartbeat:heartbeat_minutes'))";

    // Without progress (first run on this database) it starts at the oldest stored row: the backfill.
    private static final String WINDOW = """
            SELECT coalesce((SELECT stored_from FROM heartbeat_minutes_progress),
                            (SELECT created_at - ?::interval FROM heartbeats ORDER BY id LIMIT 1),
                            now() - ?::interval) AS stored_from,
                   now() AS started
            """;

    private static final String REFRESH = "SELECT heartbeat_minutes_refresh(?, ?)";

    private static final String PROGRESS = """
            INSERT INTO heartbeat_minutes_progress (stored_from) VALUES (?)
            ON CONFLICT (single_row) DO UPDATE SET stored_from = excluded.stored_from
            """;

    private final RollupSettings settings;

    MinuteRollupJob(DataSource dataSource, RollupSettings settings) {
        super("heartbeat-rollup", settings.interval(), dataSource);
        this.settings = settings;
    }

    /** Steps until caught up, another instance holds the lock, or the job stops. */
    @Override
    protected void run() {
        try {
            int steps = 0;
            long minutes = 0;
            Step step;
            do {
                step = step();
                steps++;
                minutes += Math.max(step.minutes(), 0);
            }
            while (!step.caughtUp() && !Thread.currentThread().isInterrupted());
            if (steps > 1) {
                logger.info("Rollup caught up on a backlog: {} steps, {} patient-minutes written", steps, minutes);
            }
            else {
                logger.debug("Rollup: {} patient-minutes written{}", minutes, step.locked() ? " (locked)" : "");
            }
        }
        catch (RuntimeException ex) {
            // A failed run must not cancel the schedule: the next one rereads from the same progress.
            logger.warn("Rollup run failed, retried in {}: {}", this.settings.interval(),
                    NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
        }
    }

    /** Runs one step; a step that finds another instance's step running does nothing and says so. */
    Step step() {
        return this.transactions.execute((status) -> {
            if (!this.jdbc.sql(LOCK).query(Boolean.class).single()) {
                return Step.LOCKED;
            }
            String lookback = LOOKBACK.toSeconds() + " seconds";
            Window window = this.jdbc.sql(WINDOW).params(lookback, lookback)
                .query((row, number) -> new Window(row.getObject(1, OffsetDateTime.class),
                        row.getObject(2, OffsetDateTime.class)))
                .single();
            OffsetDateTime started = window.started();
            OffsetDateTime until = min(window.storedFrom().plus(CHUNK), started);
            long minutes = this.jdbc.sql(REFRESH).params(window.storedFrom(), until).query(Long.class).single();
            this.jdbc.sql(PROGRESS).param(min(until, started.minus(LOOKBACK))).update();
            return new Step(minutes, !until.isBefore(started));
        });
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    // What a step reads: from where, and the time of its own start.
    private record Window(OffsetDateTime storedFrom, OffsetDateTime started) {
    }

    /**
     * What one step did: {@code minutes} (patient, minute) rows written, those that came out unchanged not counted;
     * {@code caughtUp}, whether it read up to its own start, else a backlog remains for the next step.
     */
    record Step(long minutes, boolean caughtUp) {

        /** Another instance held the lock: nothing read, nothing written. */
        static final Step LOCKED = new Step(-1, true);

        boolean locked() {
            return this.minutes < 0;
        }
    }
}
