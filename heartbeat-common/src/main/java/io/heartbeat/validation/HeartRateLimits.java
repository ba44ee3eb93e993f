package io.heartbeat.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The valid range, HEART_RATE_MIN to HEART_RATE_MAX, checked on binding: docs/architecture.md, "Classification". */
@ConfigurationProperties("heartbeat.limits")
public record HeartRateLimits(@DefaultValue("50") int min, @DefaultValue("120") int max) {

    /** Above this no human heart beats; such a value is a device fault, not a patient's state. */
    public static final int SYSTEM_MAX = 300;

    public static final HeartRateLimits DEFAULT = new HeartRateLimits(50, 120);

    public HeartRateLimits {
        if (min < 0) {
            throw new IllegalArgumentException("HEART_RATE_MIN must be >= 0, was " + min);
        }
        if (max > SYSTEM_MAX) {
            throw new IllegalArgumentException("HEART_RATE_MAX must be <= " + SYSTEM_MAX + ", was " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException(
                    "HEART_RATE_MIN (" + min + ") must not be greater than HEART_RATE_MAX (" + max + ")");
        }
    }
}
