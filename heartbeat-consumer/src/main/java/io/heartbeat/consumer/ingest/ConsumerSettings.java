package io.heartbeat.consumer.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the consumer reads: its group (CONSUMER_GROUP_ID), its name in the group (CONSUMER_INSTANCE_ID), records per
 * poll and so per transaction (CONSUMER_BATCH_SIZE), listener threads (CONSUMER_CONCURRENCY), the back-off while
 * PostgreSQL is away, and the attempts a record failing on its own gets (CONSUMER_RECORD_ATTEMPTS).
 *
 * @param groupId Kafka consumer group; its committed offsets say what is stored
 * @param instanceId this instance's stable name in the group (Kafka static membership), so a restart after a crash
 * takes its partitions back at once; unset, {@link GroupInstanceId} derives it from the host name and HTTP port
 * @param batchSize {@code max.poll.records}: the most records one transaction writes
 * @param concurrency listener threads; more than the topic's partitions would sit idle
 * @param retryInitialInterval first pause before writing a failed batch again
 * @param retryMaxInterval longest pause between attempts, so writing resumes soon after PostgreSQL is back
 * @param recordAttempts attempts to write a record that fails on its own (not a refusal, not the database) before it
 * is dead-lettered; the same back-off separates them
 */
@Validated
@ConfigurationProperties("heartbeat.consumer")
public record ConsumerSettings(
        @DefaultValue("heartbeat-consumer") @NotBlank String groupId,
        // Kafka's own rule for group.instance.id (legal characters), leaving room for the per-thread suffix.
        @Pattern(regexp = "[a-zA-Z0-9._-]{1,200}", message = "must be 1 to 200 letters, digits, '.', '_' or '-'")
        String instanceId,
        @DefaultValue("5000") @Min(1) @Max(10000) int batchSize,
        @DefaultValue("2") @Min(1) @Max(100) int concurrency,
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("5s") Duration retryMaxInterval,
        @DefaultValue("3") @Min(1) @Max(100) int recordAttempts) {

    public ConsumerSettings {
        if (retryInitialInterval.isNegative() || retryInitialInterval.isZero()) {
            throw new IllegalArgumentException("retry-initial-interval must be positive, was " + retryInitialInterval);
        }
        if (retryMaxInterval.compareTo(retryInitialInterval) < 0) {
            throw new IllegalArgumentException("retry-max-interval (" + retryMaxInterval
                    + ") must not be shorter than retry-initial-interval (" + retryInitialInterval + ")");
        }
    }
}
