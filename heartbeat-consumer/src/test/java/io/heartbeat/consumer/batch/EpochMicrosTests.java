package io.heartbeat.consumer.batch;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EpochMicrosTests {

    @Test
    void exactOnBothSidesOfTheEpochAndCutBelowTheMicrosecond() {
        assertThat(EpochMicros.of(Instant.EPOCH)).isZero();
        assertThat(EpochMicros.of(Instant.parse("1970-01-01T00:00:00.000001999Z"))).isEqualTo(1);
        assertThat(EpochMicros.of(Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(EpochMicros.of(Instant.parse("0000-12-31T23:00:00Z"))).isEqualTo(-62135600400L * 1_000_000L);
    }
}
