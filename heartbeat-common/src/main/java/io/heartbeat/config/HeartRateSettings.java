package io.heartbeat.config;

import io.heartbeat.validation.HeartRateLimits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The valid heart-rate range (HEART_RATE_MIN, HEART_RATE_MAX); checked on binding by {@link HeartRateLimits}.
 */
@ConfigurationProperties("heartbeat.limits")
public record HeartRateSettings(@DefaultValue("50") int min, @DefaultValue("120") int max) {

    public HeartRateSettings {
        new HeartRateLimits(min, max);
    }

    public HeartRateLimits toLimits() {
        return new HeartRateLimits(this.min, this.max);
    }
}
