package io.heartbeat.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latencies in milliseconds, recorded from several threads, and their percentiles by nearest rank.
 */
final class Latencies {

    private long[] values = new long[1024];

    private int size;

    /** Adds one latency; returns how many there are now. */
    synchronized int add(long millis) {
        if (this.size == this.values.length) {
            this.values = Arrays.copyOf(this.values, this.size * 2);
        }
        this.values[this.size++] = millis;
        return this.size;
    }

    /** {@code count}, {@code p50_ms}, {@code p95_ms}, {@code p99_ms} and {@code max_ms}. */
    synchronized Map<String, Object> summary() {
        long[] sorted = Arrays.copyOf(this.values, this.size);
        Arrays.sort(sorted);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", sorted.length);
        summary.put("p50_ms", percentile(sorted, 50));
        summary.put("p95_ms", percentile(sorted, 95));
        summary.put("p99_ms", percentile(sorted, 99));
        summary.put("max_ms", (sorted.length > 0) ? sorted[sorted.length - 1] : 0);
        return summary;
    }

    /** The smallest value that at least {@code percent} % of the values do not exceed. */
    static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
