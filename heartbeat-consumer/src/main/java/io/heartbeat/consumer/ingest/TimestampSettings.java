package io.heartbeat.consumer.ingest;

import java.time.Duration;
import java.time.ZoneId;

import io.heartbeat.validation.TimestampBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a reading's timestamp is read: TIMESTAMP_DEFAULT_ZONE, TIMESTAMP_MAX_FUTURE_SKEW and TIMESTAMP_MAX_AGE
 * (docs/consumer.md, Timestamps and Settings).
 */
@ConfigurationProperties("heartbeat.timestamps")
public record TimestampSettings(@DefaultValue("UTC") ZoneId defaultZone, @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("365d") Duration maxAge) {

    public TimestampSettings {
        // Checked here, so that a bad value stops start-up as a binding failure.
        new TimestampBounds(maxFutureSkew, maxAge);
    }

    /** The bounds for the classifier. */
    public TimestampBounds toBounds() {
        return new TimestampBounds(this.maxFutureSkew, this.maxAge);
    }
}
