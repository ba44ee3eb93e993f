package io.heartbeat.consumer.partition;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The daily partitions of {@code heartbeats} and {@code heartbeat_alerts}: how many days ahead they are created
 * (PARTITION_DAYS_AHEAD), how long they are kept (RETENTION_DAYS) and how often the job runs.
 *
 * @param retentionDays whole UTC days kept before today; older day partitions are dropped. {@code null}: every
 *        partition is kept
 * @param daysAhead days after today whose partitions exist before their first reading arrives
 * @param interval how often the job runs after its run at start-up
 */
@Validated
@ConfigurationProperties("heartbeat.partitions")
public record PartitionSettings(@Min(1) @Max(36500) Integer retentionDays,
        @DefaultValue("3") @Min(1) @Max(366) int daysAhead, @DefaultValue("1h") Duration interval) {

    /** Whether expired partitions are dropped at all. */
    public boolean retains() {
        return this.retentionDays != null;
    }
}
