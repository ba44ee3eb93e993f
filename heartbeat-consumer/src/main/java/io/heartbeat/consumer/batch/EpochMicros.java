package io.heartbeat.consumer.batch;

import java.time.Instant;

/**
 * Instants as PostgreSQL keeps them: whole microseconds. Exact for every instant the classifier accepts, unlike a
 * {@code java.sql.Timestamp}, and cut, never rounded, below the microsecond.
 */
public final class EpochMicros {

    /** A day of UTC, which has no leap seconds: the length of every day partition. */
    public static final long DAY = 86_400_000_000L;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EpochMicros() {
    }

    /** Microseconds since 1970-01-01T00:00Z, earlier instants negative. */
    public static long of(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), MICROS_PER_SECOND), time.getNano() / 1000);
    }
}
