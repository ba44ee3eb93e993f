package io.heartbeat.consumer.rollup;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.FixedDelayJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code heartbeat_minutes}, behind the dashboard's long ranges (docs/dashboards.md#rollup), up to date: every
 * ROLLUP_INTERVAL, steps of {@link MinuteRollup} until it has caught up. On its own thread and connection, never in
 * the writer's transaction (docs/decisions.md). Only where the listener stores readings: not in --init-db, nor in
 * the API-only tests.
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
@EnableConfigurationProperties(RollupSettings.class)
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
