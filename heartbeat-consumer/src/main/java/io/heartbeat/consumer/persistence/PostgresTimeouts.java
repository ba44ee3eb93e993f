package io.heartbeat.consumer.persistence;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the consumer waits for PostgreSQL: DB_WRITE_TIMEOUT for a write, and the {@code db} health check's bound
 * (docs/consumer.md, Settings and When PostgreSQL hangs).
 */
@Validated
@ConfigurationProperties("heartbeat.postgres")
public record PostgresTimeouts(
        @DefaultValue("30s") @DurationMin(seconds = 1, message = BETWEEN_1S_AND_1H)
        @DurationMax(hours = 1, message = BETWEEN_1S_AND_1H) Duration writeTimeout,
        @DefaultValue("2s") @DurationMin(millis = 100, message = BETWEEN_100MS_AND_1MIN)
        @DurationMax(minutes = 1, message = BETWEEN_100MS_AND_1MIN) Duration healthTimeout) {

    static final String BETWEEN_1S_AND_1H = "must be between 1s and 1h";

    static final String BETWEEN_100MS_AND_1MIN = "must be between 100ms and 1m";

    /** The write timeout in pgjdbc's unit, whole seconds, never shorter than configured. */
    public int socketTimeoutSeconds() {
        return (int) this.writeTimeout.plusNanos(999_999_999).toSeconds();
    }
}
