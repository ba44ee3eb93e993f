package io.heartbeat.consumer.rollup;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.FixedDelayJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;

/**
 * Keeps {@code heartbeat_minutes} up to date: every ROLLUP_INTERVAL, steps of {@link MinuteRollup} until it has
 * caught up. On its own thread and connection, never in the writer's transaction (docs/decisions.md).
 */
final class MinuteRollupJob extends FixedDelayJob {

    private static final Logger logger = LoggerFactory.getLogger(MinuteRollupJob.class);

    private final MinuteRollup rollup;

    private final RollupSettings settings;

    MinuteRollupJob(DataSource dataSource, RollupSettings settings) {
        super("heartbeat-rollup", settings.interval());
        this.rollup = new MinuteRollup(dataSource);
        this.settings = settings;
    }

    /** Steps until caught up, another instance holds the lock, or the job stops. */
    @Override
    protected void run() {
        try {
            int steps = 0;
            long minutes = 0;
            MinuteRollup.Step step;
            do {
                step = this.rollup.step();
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
}
