package io.heartbeat.consumer.ingest;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a reading's timestamp written without an offset was taken (TIMESTAMP_DEFAULT_ZONE).
 * <p>
 * An unknown zone id fails to bind, which stops start-up with one line naming the variable.
 *
 * @param defaultZone UTC, as the original project's producer writes it ({@code datetime.utcnow().isoformat()}), or
 *        the zone of devices that write their local time, e.g. {@code Europe/Paris}; a timestamp with an offset
 *        keeps its own
 */
@ConfigurationProperties("heartbeat.timestamps")
public record TimestampSettings(@DefaultValue("UTC") ZoneId defaultZone) {
}
