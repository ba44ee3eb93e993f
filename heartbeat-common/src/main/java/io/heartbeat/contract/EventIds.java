package io.heartbeat.contract;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Time-ordered event ids (UUID version 7, RFC 9562), so the unique index on {@code event_id} grows at its
 * right edge instead of splitting pages all over a random-UUID B-tree.
 */
public final class EventIds {

    private EventIds() {
    }

    /** A version-7 UUID whose first 48 bits are the millisecond of {@code time}; the rest comes from {@code random}. */
    public static UUID timeOrdered(Instant time, RandomGenerator random) {
        long millis = time.toEpochMilli();
        long randA = random.nextLong() & 0x0FFFL;
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
