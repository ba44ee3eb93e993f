package io.heartbeat.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTests {

    @Test
    void percentilesAreNearestRanks() {
        Latencies latencies = new Latencies();
        for (long millis = 100; millis >= 1; millis--) {
            latencies.add(millis);
        }

        assertThat(latencies.summary()).isEqualTo(
                Map.of("count", 100, "p50_ms", 50L, "p95_ms", 95L, "p99_ms", 99L, "max_ms", 100L));
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        Latencies latencies = new Latencies();
        latencies.add(7);

        assertThat(latencies.summary()).isEqualTo(Map.of("count", 1, "p50_ms", 7L, "p95_ms", 7L, "p99_ms", 7L,
                "max_ms", 7L));
    }

    @Test
    void growsBeyondItsFirstArray() {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 5_000; i++) {
            latencies.add(i % 10);
        }

        assertThat(latencies.summary()).containsEntry("count", 5_000).containsEntry("max_ms", 9L)
            .containsEntry("p50_ms", 4L);
    }
}
