package io.heartbeat.consumer.health;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the listener's health component reports DOWN for a stall (docs/consumer.md, "Settings").
 */
@Validated
@ConfigurationProperties("heartbeat.listener")
public record ListenerHealthSettings(
        @DefaultValue("30s") @DurationMin(seconds = 1, message = BETWEEN_1S_AND_24H)
        @DurationMax(hours = 24, message = BETWEEN_1S_AND_24H) Duration stallTimeout,
        @DefaultValue("2s") @DurationMin(millis = 100, message = BETWEEN_100MS_AND_1MIN)
        @DurationMax(minutes = 1, message = BETWEEN_100MS_AND_1MIN) Duration lagTimeout) {

    static final String BETWEEN_1S_AND_24H = "must be between 1s and 24h";

    static final String BETWEEN_100MS_AND_1MIN = "must be between 100ms and 1m";
}
