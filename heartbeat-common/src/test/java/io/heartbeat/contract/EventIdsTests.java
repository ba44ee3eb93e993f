package io.heartbeat.contract;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTests {

    @Test
    void isVersion7WithTheMillisecondInFront() {
        Instant time = Instant.parse("2026-11-25T10:15:30.123Z");

        UUID id = EventIds.timeOrdered(time, new SplittableRandom(42));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(time.toEpochMilli());
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnes() {
        SplittableRandom random = new SplittableRandom(7);
        Instant time = Instant.parse("2026-11-25T10:15:30Z");

        String earlier = EventIds.timeOrdered(time, random).toString();
        String later = EventIds.timeOrdered(time.plusMillis(1), random).toString();

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void sameSeedGivesSameIds() {
        Instant time = Instant.parse("2026-11-25T10:15:30Z");

        assertThat(EventIds.timeOrdered(time, new SplittableRandom(5)))
                .isEqualTo(EventIds.timeOrdered(time, new SplittableRandom(5)));
    }
}
