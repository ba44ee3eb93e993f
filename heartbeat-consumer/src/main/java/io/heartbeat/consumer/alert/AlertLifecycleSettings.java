package io.heartbeat.consumer.alert;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When alerts resolve by themselves (docs/alerts-api.md, "Automatic resolution").
 */
@Validated
@ConfigurationProperties("heartbeat.alerts")
public record AlertLifecycleSettings(@DefaultValue("5") @Min(1) @Max(1000) int resolveAfterValid) {

    /** The settings when nothing is configured. */
    public static final AlertLifecycleSettings DEFAULT = new AlertLifecycleSettings(5);

    /** What {@code resolved_by} says for an alert resolved automatically; never an operator's name (no spaces). */
    public String automaticResolver() {
        return "auto (" + this.resolveAfterValid + " valid readings)";
    }
}
