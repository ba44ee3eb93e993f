package io.heartbeat.consumer.rollup;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often the rollup job brings {@code heartbeat_minutes} up to date: ROLLUP_INTERVAL (docs/consumer.md, Settings).
 */
@Validated
@ConfigurationProperties("heartbeat.rollup")
public record RollupSettings(
        @DefaultValue("10s") @DurationMin(seconds = 1, message = BETWEEN_1S_AND_1H)
        @DurationMax(hours = 1, message = BETWEEN_1S_AND_1H) Duration interval) {

    static final String BETWEEN_1S_AND_1H = "must be between 1s and 1h";
}
