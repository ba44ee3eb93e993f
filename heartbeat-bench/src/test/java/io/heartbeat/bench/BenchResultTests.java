package io.heartbeat.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table the command prints, as docs/benchmarks.md shows it.
 */
class BenchResultTests {

    @Test
    void printsOneLineAMeasurement() {
        BenchResult result = result(1, 0, 1_000_000, Map.of("calls", 1L, "seconds", 2.25), Map.of("count", 300_000L,
                "p50_ms", 24L, "p95_ms", 38L, "p99_ms", 47L, "max_ms", 188L), List.of(1_000_000L));

        assertThat(result.table()).isEqualTo(lines("""
                measurement          result                 detail
                drain                125,000 events/s       1,000,000 rows, 200,211 alerts in 8.00 s (batch size 5000, concurrency 2)
                rollup in the drain  1 step                 2.25 s in PostgreSQL, within the drain's time and CPU above
                warm-up              80,000 events/s        1,000,000 events drained by the cold JVM in 12.50 s before the drain, then deleted
                copy limit           250,000 rows/s         1,000,000 rows in one binary COPY in 4.00 s (text 125,000, binary 250,000 rows/s)
                ratio                0.50                   drain / copy limit
                producer             500,000 events/s       1,000,000 acknowledged in 2.00 s; the topic 61.3 bytes a record on disk
                latency p50/p95/p99  24 / 38 / 47 ms        max 188 ms; 300,000 events at 5,000/s, reading time to row committed
                consumer memory      168.5 MB peak heap     of 256.0 MB max, at most 160.1 MB after a GC; peak RSS 431.6 MB
                """));
    }

    @Test
    void saysWhatWasNotMeasured() {
        BenchResult result = result(2, 730, 0, Map.of(), Map.of(), List.of(600_000L, 400_000L));

        assertThat(result.table()).isEqualTo(lines("""
                measurement          result                 detail
                drain                125,000 events/s       1,000,000 rows, 200,211 alerts in 8.00 s (batch size 5000, concurrency 2; 2 consumers, rows each 600,000 / 400,000; 730 days kept before today)
                rollup in the drain  -                      not counted: track_functions could not be set
                warm-up              -                      none: the drain above is the cold JVM's
                copy limit           250,000 rows/s         1,000,000 rows in one binary COPY in 4.00 s (text 125,000, binary 250,000 rows/s)
                ratio                0.50                   drain / copy limit
                producer             500,000 events/s       1,000,000 acknowledged in 2.00 s; the topic 61.3 bytes a record on disk
                latency p50/p95/p99  -                      not measured with 2 consumers
                consumer memory      168.5 MB peak heap     of 256.0 MB max, at most 160.1 MB after a GC; peak RSS 431.6 MB (consumer-1)
                """));
    }

    private static BenchResult result(int consumers, int daysKept, long warmupEvents, Map<String, Object> rollup,
            Map<String, Object> latency, List<Long> rowsByConsumer) {
        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put("batch_size", 5000);
        consumer.put("concurrency", 2);
        Map<String, Object> memory = Map.of("peak_heap_mb", 168.5, "max_heap_mb", 256.0, "heap_after_gc_mb", 160.1,
                "peak_rss_mb", 431.6);
        return new BenchResult(1_000_000, 6, daysKept, 1_000, consumer, consumers, warmupEvents, 12.5, 8.0, 1_000_000,
                200_211, rowsByConsumer, Map.of(), rollup, new CopyLimit.Result(1_000_000, 8.0, 4.0), 2.0,
                Map.of("records", 2_000_000L, "bytes", 122_600_000L, "bytes_per_record", 61.3), 5_000,
                Duration.ofSeconds(60), latency, memory, Map.of(), true, Map.of(),
                Instant.parse("2026-12-06T00:00:00Z"));
    }

    private static String lines(String text) {
        return text.replace("\n", System.lineSeparator());
    }
}
