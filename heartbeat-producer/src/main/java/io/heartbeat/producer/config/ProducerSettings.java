package io.heartbeat.producer.config;

import java.time.Duration;

import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.validation.HeartRateLimits;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the producer generates and how fast: docs/producer.md, "Settings". The rules against HEART_RATE_MIN/MAX are
 * checked by the configuration properties validator of {@link ProducerConfiguration}.
 */
@Validated
@ConfigurationProperties("heartbeat.producer")
public record ProducerSettings(
        @DefaultValue("10") @Min(1) int customerCount,
        @Positive Double eventsPerSecond,
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double invalidRatio,
        Long seed,
        @DefaultValue("30") @Min(0) int invalidMin,
        @DefaultValue("200") @Max(HeartRateLimits.SYSTEM_MAX) int invalidMax,
        @Positive Long maxEvents,
        @DefaultValue("10ms") Duration tick) {

    public ProducerSettings {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("heartbeat.producer.tick must be positive, was " + tick);
        }
    }

    /** The total rate: as configured, else one reading per patient per second. */
    public double rate() {
        return (this.eventsPerSecond != null) ? this.eventsPerSecond : this.customerCount;
    }

    /** The event limit, {@code Long.MAX_VALUE} when there is none. */
    public long eventLimit() {
        return (this.maxEvents != null) ? this.maxEvents : Long.MAX_VALUE;
    }

    /** The generator's share of these settings; throws when they disagree with {@code limits}. */
    public GeneratorSettings generatorSettings(HeartRateLimits limits) {
        return new GeneratorSettings(this.customerCount, this.invalidRatio, limits, this.invalidMin, this.invalidMax);
    }
}
