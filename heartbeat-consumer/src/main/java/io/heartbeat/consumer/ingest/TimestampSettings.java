package io.heartbeat.consumer.ingest;

import java.time.Duration;
import java.time.ZoneId;

import io.heartbeat.validation.TimestampBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a reading's timestamp is read: where one written without an offset was taken (TIMESTAMP_DEFAULT_ZONE), and
 * how far from its record's Kafka timestamp it may lie (TIMESTAMP_MAX_FUTURE_SKEW, TIMESTAMP_MAX_AGE).
 * <p>
 * An unknown zone id or a bound that is not a positive duration fails to bind, which stops start-up with one line
 * naming the variable.
 *
 * @param defaultZone UTC, as the original project's producer writes it ({@code datetime.utcnow().isoformat()}), or
 *        the zone of devices that write their local time, e.g. {@code Europe/Paris}; a timestamp with an offset
 *        keeps its own
 * @param maxFutureSkew a reading further ahead than this is a {@code future_timestamp} system anomaly
 * @param maxAge a reading older than this is a {@code stale_timestamp} system anomaly
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
