package io.heartbeat.consumer.partition;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import io.heartbeat.consumer.persistence.FixedDelayJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * The partition job: at start-up, before the listener takes its first batch, and then every
 * {@link PartitionSettings#interval()}, it creates the day partitions of today and the next
 * {@link PartitionSettings#daysAhead()} days, gives a partition to every recent day the DEFAULT partition holds
 * readings of, and with a RETENTION_DAYS drops the day partitions that expired. A failed run (a user that does not
 * own the tables, a lock not granted in time) logs one warning and leaves ingestion alone: readings without a
 * partition go to the DEFAULT one, and the next run tries again.
 */
@Component
@EnableConfigurationProperties(PartitionSettings.class)
public class PartitionMaintenance extends FixedDelayJob {

    private static final Logger logger = LoggerFactory.getLogger(PartitionMaintenance.class);

    // Days before today the DEFAULT partition is searched for readings to give a partition, without a retention:
    // as far back as the migration gave old rows partitions. Older ones, a clock years off, stay where they are.
    private static final int SWEEP_DAYS_WITHOUT_RETENTION = 3653;

    private final DayPartitions partitions;

    private final PartitionSettings settings;

    private final Clock clock;

    @Autowired
    PartitionMaintenance(DataSource dataSource, PartitionSettings settings) {
        this(new DayPartitions(dataSource), settings, Clock.systemUTC());
    }

    PartitionMaintenance(DayPartitions partitions, PartitionSettings settings, Clock clock) {
        super("partition-maintenance", settings.interval());
        this.partitions = partitions;
        this.settings = settings;
        this.clock = clock;
    }

    /** One run of the job; never throws. Returns whether it did all it had to. */
    public boolean maintain() {
        LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
        try {
            int created = 0;
            for (int ahead = 0; ahead <= this.settings.daysAhead(); ahead++) {
                created += this.partitions.create(today.plusDays(ahead)) ? 1 : 0;
            }
            LocalDate keepFrom = this.settings.retains() ? today.minusDays(this.settings.retentionDays())
                    : today.minusDays(SWEEP_DAYS_WITHOUT_RETENTION);
            LocalDate afterLast = today.plusDays(this.settings.daysAhead() + 1L);
            for (LocalDate day : this.partitions.daysInDefault(keepFrom, afterLast)) {
                created += this.partitions.create(day) ? 1 : 0;
            }
            List<LocalDate> dropped = this.settings.retains() ? this.partitions.dropBefore(keepFrom) : List.of();
            if (created > 0 || !dropped.isEmpty()) {
                logger.info("Partitions: created {} day(s), dropped {} expired day(s) {} (RETENTION_DAYS={})",
                        created, dropped.size(), dropped, this.settings.retains() ? this.settings.retentionDays()
                                : "unset, keeping every day");
            }
            return true;
        }
        catch (RuntimeException ex) {
            logger.warn("Could not maintain the day partitions of heartbeats and heartbeat_alerts: {}; readings "
                    + "without a partition are stored in the DEFAULT one, and the next run tries again "
                    + "(docs/consumer.md#partitions-and-retention)",
                    NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
            return false;
        }
    }

    @Override
    protected void run() {
        maintain();
    }

    /** Runs once before the listener starts, then every interval. */
    @Override
    public void start() {
        maintain();
        super.start();
    }

    // Before the Kafka listener containers (phase Integer.MAX_VALUE - 100): today's partition exists before the
    // first batch is written.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
