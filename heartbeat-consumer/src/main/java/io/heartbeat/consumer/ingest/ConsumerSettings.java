package io.heartbeat.consumer.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.annotation.Validated;

/**
 * How the consumer reads: the CONSUMER_* variables, each described in docs/consumer.md (Settings, Errors and Group
 * membership); unset, the instance id is derived by {@link GroupInstanceId}.
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
        @DefaultValue("3") @Min(1) @Max(100) int recordAttempts,
        @DefaultValue("45s") Duration sessionTimeout,
        @DefaultValue("5m") Duration maxPollInterval,
        @DefaultValue("10s") Duration idleTransactionTimeout) {

    /** The broker's default {@code group.min.session.timeout.ms}: a shorter session is refused at join. */
    static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);

    /** The broker's default {@code group.max.session.timeout.ms}. */
    static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    private static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);

    public ConsumerSettings {
        if (retryInitialInterval.isNegative() || retryInitialInterval.isZero()) {
            throw new IllegalArgumentException("retry-initial-interval must be positive, was " + retryInitialInterval);
        }
        if (retryMaxInterval.compareTo(retryInitialInterval) < 0) {
            throw new IllegalArgumentException("retry-max-interval (" + retryMaxInterval
                    + ") must not be shorter than retry-initial-interval (" + retryInitialInterval + ")");
        }
        if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0 || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("session-timeout (CONSUMER_SESSION_TIMEOUT) must be between "
                    + MIN_SESSION_TIMEOUT + " and " + MAX_SESSION_TIMEOUT + " (the broker's default bounds), was "
                    + sessionTimeout);
        }
        if (maxPollInterval.compareTo(retryMaxInterval) <= 0 || maxPollInterval.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max-poll-interval (CONSUMER_MAX_POLL_INTERVAL) must be longer than "
                    + "retry-max-interval (" + retryMaxInterval + ") and at most " + Integer.MAX_VALUE + " ms, was "
                    + maxPollInterval);
        }
        if (idleTransactionTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || idleTransactionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("idle-transaction-timeout (CONSUMER_IDLE_TRANSACTION_TIMEOUT) must be "
                    + "at least 1s and at most " + Integer.MAX_VALUE + " ms, was " + idleTransactionTimeout);
        }
    }

    /**
     * {@code heartbeat.interval.ms}: Kafka's default 3 s, or a third of a shorter session, as Kafka advises, so that
     * one lost heartbeat never ends the session.
     */
    public Duration heartbeatInterval() {
        Duration third = this.sessionTimeout.dividedBy(3);
        return (third.compareTo(DEFAULT_HEARTBEAT_INTERVAL) < 0) ? third : DEFAULT_HEARTBEAT_INTERVAL;
    }

    /**
     * The pauses between attempts, after a failed write or dead letter: {@code retryInitialInterval} doubling to
     * {@code retryMaxInterval}, at most {@code retries} of them.
     */
    ExponentialBackOff retryBackOff(long retries) {
        ExponentialBackOff backOff = new ExponentialBackOff(this.retryInitialInterval.toMillis(), 2.0);
        backOff.setMaxInterval(this.retryMaxInterval.toMillis());
        backOff.setMaxAttempts(retries);
        return backOff;
    }
}
