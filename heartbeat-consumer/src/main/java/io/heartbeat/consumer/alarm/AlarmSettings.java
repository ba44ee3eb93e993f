package io.heartbeat.consumer.alarm;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the consumer opens and ends clinical alarms (docs/alarms.md, "Settings").
 */
@Validated
@ConfigurationProperties("heartbeat.alarms")
public record AlarmSettings(
        @DefaultValue("5") @Min(1) @Max(1000) int openAfter,
        @DefaultValue("5") @Min(1) @Max(1000) int resolveAfterValid,
        @DefaultValue("30s") @DurationMin(seconds = 2, message = BETWEEN_2S_AND_1H)
        @DurationMax(hours = 1, message = BETWEEN_2S_AND_1H) Duration silentAfter) {

    static final String BETWEEN_2S_AND_1H = "must be between 2s and 1h";

    /** What {@code resolved_by} says for an alarm of {@code kind} that ended by itself; never an operator's name. */
    String automaticResolver(AlarmKind kind) {
        return (kind == AlarmKind.DEVICE_SILENT) ? "auto (reporting again)"
                : "auto (" + this.resolveAfterValid + " valid readings)";
    }
}
