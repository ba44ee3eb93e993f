package io.heartbeat.consumer.rollup;

import java.time.Duration;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One step of the rollup: in its own transaction, recomputes the {@code heartbeat_minutes} rows, and the
 * {@code heartbeat_five_minutes} rows made from them, touched by the readings stored (created_at) since the recorded
 * progress, up to {@link #CHUNK} of storing time, and moves the progress on. The SQL is
 * {@code heartbeat_minutes_refresh} (V6, replaced by V7, V9, V10 and V11); this class adds the lock and the progress.
 */
final class MinuteRollup {

    /**
     * How far behind its transaction's start each step leaves the progress. created_at is the writer's transaction
     * start, so a batch that commits after this step's snapshot has a created_at up to its own duration in the past;
     * the writer's transactions last seconds (DB_WRITE_TIMEOUT bounds each statement), and a batch slower than this
     * fails and is retried with a new created_at far more often than it commits.
     */
    static final Duration LOOKBACK = Duration.ofMinutes(2);

    /** Storing time one step reads at most, so that catching up on a long history never holds one long statement. */
    static final Duration CHUNK = Duration.ofMinutes(15);

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

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    MinuteRollup(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Runs one step; a step that finds another instance's step running does nothing and says so. */
    public Step step() {
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
     * What one step did.
     *
     * @param minutes (patient, minute) rows written, those that came out unchanged not counted
     * @param caughtUp whether it read up to its own start; if not, a backlog remains for the next step
     */
    public record Step(long minutes, boolean caughtUp) {

        /** Another instance held the lock: nothing read, nothing written. */
        public static final Step LOCKED = new Step(-1, true);

        public boolean locked() {
            return this.minutes < 0;
        }
    }
}
