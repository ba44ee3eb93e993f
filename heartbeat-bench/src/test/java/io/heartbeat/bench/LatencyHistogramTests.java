package io.heartbeat.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTests {

    @Test
    void givesEachPercentileAsTheBoundOfTheFirstBucketHoldingItsRank() {
        // 100 records: 50 within 10 ms, 45 more within 20 ms, 4 more within 25 ms, the last within 250 ms.
        LatencyHistogram histogram = histogram(Map.of("0.009", 0L, "0.01", 50L, "0.02", 95L, "0.025", 99L, "0.25",
                100L, "+Inf", 100L));

        assertThat(histogram.summary()).containsExactly(Map.entry("count", 100L), Map.entry("p50_ms", 10L),
                Map.entry("p95_ms", 20L), Map.entry("p99_ms", 25L), Map.entry("max_ms", 250L));
    }

    @Test
    void countsOnlyTheRecordsSinceAnEarlierSnapshot() {
        // Before: 1,000 records of a drain, all slower than a second. Since: 10 records, 9 within 3 ms, one within 4.
        LatencyHistogram before = histogram(Map.of("0.003", 0L, "0.004", 0L, "1.0", 0L, "+Inf", 1_000L));
        LatencyHistogram after = histogram(Map.of("0.003", 9L, "0.004", 10L, "1.0", 10L, "+Inf", 1_010L));

        LatencyHistogram phase = after.since(before);

        assertThat(phase.count()).isEqualTo(10);
        assertThat(phase.percentile(50)).isEqualTo(3);
        assertThat(phase.percentile(90)).isEqualTo(3);
        assertThat(phase.percentile(91)).isEqualTo(4);
        assertThat(phase.percentile(100)).isEqualTo(4);
    }

    @Test
    void roundsABoundBetweenTwoMillisecondsUp() {
        // Micrometer's own buckets lie between the benchmark's: a latency in one is at most its bound.
        LatencyHistogram histogram = histogram(Map.of("0.022369621", 1L, "+Inf", 1L));

        assertThat(histogram.percentile(50)).isEqualTo(23);
    }

    @Test
    void isEmptyWithoutRecords() {
        assertThat(histogram(Map.of("0.001", 0L, "+Inf", 0L)).summary()).containsEntry("count", 0L)
            .containsEntry("p50_ms", 0L)
            .containsEntry("max_ms", 0L);
    }

    @Test
    void readsTheBucketsOfAScrapeAndNothingElse() {
        LatencyHistogram histogram = LatencyHistogram.of("""
                # HELP heartbeat_events_latency_seconds From a record's Kafka timestamp to the commit of its row
                # TYPE heartbeat_events_latency_seconds histogram
                heartbeat_events_latency_seconds_bucket{application="consumer",le="0.005"} 3.0
                heartbeat_events_latency_seconds_bucket{application="consumer",le="+Inf"} 4.0
                heartbeat_events_latency_seconds_count{application="consumer"} 4.0
                heartbeat_events_latency_seconds_sum{application="consumer"} 0.5
                heartbeat_events_latency_seconds_max{application="consumer"} 0.25
                """);

        assertThat(histogram.buckets()).containsExactly(Map.entry(0.005, 3L),
                Map.entry(Double.POSITIVE_INFINITY, 4L));
    }

    @Test
    void asksForABucketEveryMillisecondUpTo200() {
        assertThat(LatencyHistogram.BOUNDARIES).startsWith(1L, 2L, 3L).contains(199L, 200L, 205L, 1_000L, 1_050L)
            .doesNotContain(201L, 1_005L)
            .endsWith(10_000L)
            .isSorted()
            .hasSize(200 + 160 + 180);
    }

    private static LatencyHistogram histogram(Map<String, Long> buckets) {
        StringBuilder text = new StringBuilder("# TYPE heartbeat_events_latency_seconds histogram\n");
        buckets.forEach((le, count) -> text.append("heartbeat_events_latency_seconds_bucket{le=\"").append(le)
            .append("\"} ").append(count).append('\n'));
        text.append("heartbeat_events_latency_seconds_count ").append(buckets.get("+Inf")).append('\n');
        return LatencyHistogram.of(text.toString());
    }
}
