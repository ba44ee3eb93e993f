package io.heartbeat.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The numbers of one benchmark run, as the JSON document it writes and the table it prints (each key:
 * docs/benchmarks.md, "Output").
 */
record BenchResult(long events, int partitions, int daysKept, int patients, Map<String, Object> consumer,
        int consumers, long warmupEvents, double warmupSeconds, double drainSeconds, long drainedRows,
        long drainedAlerts, List<Long> drainedRowsByConsumer, Map<String, Object> drainCpu,
        Map<String, Object> drainRollup, CopyLimit.Result copy,
        double producerSeconds, Map<String, Object> topic, int latencyRate, Duration latencyDuration,
        Map<String, Object> latency, Map<String, Object> memory, Map<String, Object> postgres, boolean embeddedKafka,
        Map<String, Object> machine, Instant startedAt) {

    double drainEventsPerSecond() {
        return this.events / this.drainSeconds;
    }

    double warmupEventsPerSecond() {
        return this.warmupEvents / this.warmupSeconds;
    }

    double ratio() {
        return drainEventsPerSecond() / this.copy.rowsPerSecond();
    }

    double producerEventsPerSecond() {
        return this.events / this.producerSeconds;
    }

    /** The JSON document: flat keys for the headline numbers, then what they were measured with. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("events", this.events);
        json.put("drain_events_per_s", Math.round(drainEventsPerSecond()));
        json.put("drain_seconds", round(this.drainSeconds, 3));
        json.put("drained_rows", this.drainedRows);
        json.put("drained_alerts", this.drainedAlerts);
        json.put("consumers", this.consumers);
        json.put("drained_rows_by_consumer", this.drainedRowsByConsumer);
        json.put("drain_cpu_seconds", this.drainCpu);
        json.put("drain_rollup_calls", this.drainRollup.get("calls"));
        json.put("drain_rollup_seconds", this.drainRollup.get("seconds"));
        json.put("warmup_events", this.warmupEvents);
        json.put("warmup_events_per_s", (this.warmupEvents > 0) ? Math.round(warmupEventsPerSecond()) : null);
        json.put("copy_limit_rows_per_s", Math.round(this.copy.rowsPerSecond()));
        json.put("copy_limit_seconds", round(this.copy.seconds(), 3));
        json.put("copy_limit_rows", this.copy.rows());
        json.put("copy_limit_format", this.copy.format());
        json.put("copy_text_rows_per_s", Math.round(this.copy.textRowsPerSecond()));
        json.put("copy_binary_rows_per_s", Math.round(this.copy.binaryRowsPerSecond()));
        json.put("ratio", round(ratio(), 3));
        json.put("producer_events_per_s", Math.round(producerEventsPerSecond()));
        json.put("producer_seconds", round(this.producerSeconds, 3));
        json.put("kafka_topic_records", this.topic.get("records"));
        json.put("kafka_topic_bytes", this.topic.get("bytes"));
        json.put("kafka_bytes_per_record", this.topic.get("bytes_per_record"));
        json.put("latency_rate_events_per_s", this.latencyRate);
        json.put("latency_duration_s", round(this.latencyDuration.toMillis() / 1000.0, 3));
        json.put("latency_events", this.latency.get("count"));
        json.put("latency_p50_ms", this.latency.get("p50_ms"));
        json.put("latency_p95_ms", this.latency.get("p95_ms"));
        json.put("latency_p99_ms", this.latency.get("p99_ms"));
        json.put("latency_max_ms", this.latency.get("max_ms"));
        json.put("consumer_peak_heap_mb", this.memory.get("peak_heap_mb"));
        json.put("consumer_max_heap_mb", this.memory.get("max_heap_mb"));
        json.put("consumer_heap_after_gc_mb", this.memory.get("heap_after_gc_mb"));
        json.put("consumer_peak_rss_mb", this.memory.get("peak_rss_mb"));
        json.put("consumer_gc_count", this.memory.get("gc_count"));
        json.put("consumer_gc_seconds", this.memory.get("gc_seconds"));
        json.put("partitions", this.partitions);
        json.put("patients", this.patients);
        json.put("days_kept", this.daysKept);
        json.put("consumer", this.consumer);
        json.put("postgres", this.postgres);
        json.put("kafka_embedded", this.embeddedKafka);
        json.put("machine", this.machine);
        json.put("started_at", this.startedAt.toString());
        return json;
    }

    /** One table, one measurement a line. */
    String table() {
        return row("measurement", "result", "detail")
                + row("drain", count(drainEventsPerSecond()) + " events/s",
                        count(this.drainedRows) + " rows, " + count(this.drainedAlerts) + " alerts in "
                                + seconds(this.drainSeconds) + " (batch size " + this.consumer.get("batch_size")
                                + ", concurrency " + this.consumer.get("concurrency") + instances() + keptDays() + ")")
                + rollupLine()
                + warmupLine()
                + row("copy limit", count(this.copy.rowsPerSecond()) + " rows/s",
                        count(this.copy.rows()) + " rows in one " + this.copy.format() + " COPY in "
                                + seconds(this.copy.seconds()) + " (text " + count(this.copy.textRowsPerSecond())
                                + ", binary " + count(this.copy.binaryRowsPerSecond()) + " rows/s)")
                + row("ratio", String.format(Locale.ROOT, "%.2f", ratio()), "drain / copy limit")
                + row("producer", count(producerEventsPerSecond()) + " events/s",
                        count(this.events) + " acknowledged in " + seconds(this.producerSeconds) + "; the topic "
                                + this.topic.get("bytes_per_record") + " bytes a record on disk")
                + latencyLine()
                + row("consumer memory", this.memory.get("peak_heap_mb") + " MB peak heap",
                        "of " + this.memory.get("max_heap_mb") + " MB max, at most "
                                + this.memory.get("heap_after_gc_mb") + " MB after a GC; peak RSS "
                                + this.memory.get("peak_rss_mb") + " MB"
                                + ((this.consumers > 1) ? " (consumer-1)" : ""));
    }

    private String instances() {
        return (this.consumers == 1) ? ""
                : "; " + this.consumers + " consumers, rows each " + this.drainedRowsByConsumer.stream()
                    .map(BenchResult::count)
                    .collect(Collectors.joining(" / "));
    }

    private String keptDays() {
        return (this.daysKept == 0) ? "" : "; " + count(this.daysKept) + " days kept before today";
    }

    private String latencyLine() {
        if (this.latency.isEmpty()) {
            return row("latency p50/p95/p99", "-", "not measured with " + this.consumers + " consumers");
        }
        return row("latency p50/p95/p99",
                this.latency.get("p50_ms") + " / " + this.latency.get("p95_ms") + " / " + this.latency.get("p99_ms")
                        + " ms",
                "max " + this.latency.get("max_ms") + " ms; " + count(((Number) this.latency.get("count")).longValue())
                        + " events at " + count(this.latencyRate) + "/s, reading time to row committed");
    }

    private String rollupLine() {
        if (this.drainRollup.isEmpty()) {
            return row("rollup in the drain", "-", "not counted: track_functions could not be set");
        }
        long steps = ((Number) this.drainRollup.get("calls")).longValue();
        return row("rollup in the drain", steps + ((steps == 1) ? " step" : " steps"),
                seconds(((Number) this.drainRollup.get("seconds")).doubleValue())
                        + " in PostgreSQL, within the drain's time and CPU above");
    }

    private String warmupLine() {
        if (this.warmupEvents == 0) {
            return row("warm-up", "-", "none: the drain above is the cold JVM's");
        }
        return row("warm-up", count(warmupEventsPerSecond()) + " events/s",
                count(this.warmupEvents) + " events drained by the cold JVM in " + seconds(this.warmupSeconds)
                        + " before the drain, then deleted");
    }

    private static String row(String measurement, String result, String detail) {
        return String.format(Locale.ROOT, "%-20s %-22s %s%n", measurement, result, detail);
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
