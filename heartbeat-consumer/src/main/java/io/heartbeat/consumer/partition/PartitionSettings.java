package io.heartbeat.consumer.partition;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The day partitions' settings: RETENTION_DAYS ({@code null} keeps every day), PARTITION_DAYS_AHEAD and how often the
 * job runs after its run at start-up (docs/consumer.md, Settings and Partitions and retention).
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
