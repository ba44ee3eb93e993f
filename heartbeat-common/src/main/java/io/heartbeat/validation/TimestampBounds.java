package io.heartbeat.validation;

import java.time.Duration;

/**
 * How far a reading's timestamp may lie from when its record was sent before the clock that wrote it is taken to be
 * wrong (TIMESTAMP_MAX_FUTURE_SKEW, TIMESTAMP_MAX_AGE): docs/consumer.md, "Readings from a wrong clock".
 */
public record TimestampBounds(Duration maxFutureSkew, Duration maxAge) {

    // Well inside Instant's range from any Kafka timestamp, so the bounds never overflow; declared before DEFAULT,
    // whose construction reads it.
    private static final Duration LONGEST = Duration.ofDays(36_500);

    /** Five minutes ahead, a year behind: docs/consumer.md, "Readings from a wrong clock", says why. */
    public static final TimestampBounds DEFAULT = new TimestampBounds(Duration.ofMinutes(5), Duration.ofDays(365));

    public TimestampBounds {
        check("TIMESTAMP_MAX_FUTURE_SKEW", maxFutureSkew);
        check("TIMESTAMP_MAX_AGE", maxAge);
    }

    private static void check(String name, Duration bound) {
        if (bound == null || bound.isNegative() || bound.isZero() || bound.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most 36500d, was " + bound);
        }
    }
}
