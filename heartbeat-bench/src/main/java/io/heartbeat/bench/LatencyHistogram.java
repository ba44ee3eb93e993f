package io.heartbeat.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The consumer's cumulative {@code heartbeat.events.latency} buckets, by bound in seconds, from a Prometheus scrape;
 * two give a phase's percentiles (benchmarks.md, "What one run does", 7).
 */
record LatencyHistogram(TreeMap<Double, Long> buckets) {

    /** Milliseconds: the bucket bounds the benchmark asks the consumer for. */
    static final List<Long> BOUNDARIES = LongStream.concat(LongStream.concat(LongStream.rangeClosed(1, 200),
            LongStream.iterate(205, (millis) -> millis <= 1_000, (millis) -> millis + 5)),
            LongStream.iterate(1_050, (millis) -> millis <= 10_000, (millis) -> millis + 50))
        .boxed()
        .toList();

    // One sample a bucket, heartbeat_events_latency_seconds_bucket{le="0.001"} 42.0: its bound and count.
    private static final Pattern BUCKET = Pattern.compile(
            "^heartbeat_events_latency_seconds_bucket\\{(?:.*,)?le=\"([^\"]*)\".*\\}\\s+(\\S+)", Pattern.MULTILINE);

    /** The histogram in {@code exposition}, a scrape of it in Prometheus's text format. */
    static LatencyHistogram of(String exposition) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        BUCKET.matcher(exposition).results()
            .forEach((bucket) -> buckets.merge(bound(bucket.group(1)), Math.round(Double.parseDouble(bucket.group(2))),
                    Long::sum));
        return new LatencyHistogram(buckets);
    }

    /** The records committed since {@code before}, bucket by bucket. */
    LatencyHistogram since(LatencyHistogram before) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        this.buckets.forEach((bound, count) -> buckets.put(bound, count - before.buckets.getOrDefault(bound, 0L)));
        return new LatencyHistogram(buckets);
    }

    long count() {
        return this.buckets.isEmpty() ? 0 : this.buckets.lastEntry().getValue();
    }

    /** The count and the percentiles the JSON reports, {@code max_ms} as the 100th. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count());
        IntStream.of(50, 95, 99).forEach((percent) -> summary.put("p" + percent + "_ms", percentile(percent)));
        summary.put("max_ms", percentile(100));
        return summary;
    }

    /** The bound, in milliseconds, of the first bucket holding the {@code percent} % nearest rank. */
    long percentile(double percent) {
        long count = count();
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * count));
        for (Map.Entry<Double, Long> bucket : this.buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                return millis(bucket.getKey());
            }
        }
        throw new IllegalStateException("No bucket holds rank " + rank + " of " + count);
    }

    // Up: a latency is a whole number of milliseconds, and a bucket between two of them holds the lower one.
    private static long millis(double seconds) {
        return Double.isInfinite(seconds) ? Long.MAX_VALUE : (long) Math.ceil(seconds * 1000 - 1e-9);
    }

    private static double bound(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}
