package io.heartbeat.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI smoke run of the benchmark: a small run on the embedded servers, through the command's own entry point,
 * writes every number the issue asks for. Speed is never asserted; counts are exact.
 */
class BenchCommandIntegrationTests {

    private static final int EVENTS = 20_000;

    private static final int WARMUP_EVENTS = 5_000;

    private static final int PATIENTS = 1_000;

    private static final long SEED = 42;

    // The build's, as the README's command runs it; the reactor packs it before this module's integration tests.
    private static final String CONSUMER_JAR = "--consumer-jar=" + Path.of("..").resolve(BenchOptions.CONSUMER_JAR);

    @TempDir
    Path directory;

    @Test
    void measuresEveryPhaseAndWritesTheResultAsJson() throws Exception {
        Path result = this.directory.resolve("result.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = BenchCommand.run(List.of("--events=" + EVENTS, "--warmup-events=" + WARMUP_EVENTS,
            "--latency-rate=1000", "--latency-duration=3s", "--patients=" + PATIENTS, "--seed=" + SEED,
            "--out=" + result, "--data-dir=" + this.directory.resolve("data"), CONSUMER_JAR), Map.of(), print(out),
            print(err));

        assertThat(text(err)).isEmpty();
        assertThat(status).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(result.toFile());
        assertThat(json.get("events").asLong()).isEqualTo(EVENTS);
        assertThat(json.get("warmup_events").asLong()).isEqualTo(WARMUP_EVENTS);
        // The warm-up's rows were deleted before the drain: the tables hold exactly the drained events.
        assertThat(json.get("drained_rows").asLong()).isEqualTo(EVENTS);
        assertThat(json.get("drained_alerts").asLong()).isEqualTo(nonValidReadings());
        assertThat(json.get("copy_limit_rows").asLong()).isEqualTo(EVENTS);
        assertThat(json.get("latency_events").asLong()).isEqualTo(3_000);
        // The topic after the preload holds the warm-up's events and the drain's.
        assertThat(json.get("kafka_topic_records").asLong()).isEqualTo(WARMUP_EVENTS + EVENTS);
        assertThat(json.get("consumers").asInt()).isEqualTo(1);
        assertThat(json.get("drained_rows_by_consumer").get(0).asLong()).isEqualTo(EVENTS);
        assertThat(json.get("drain_cpu_seconds").propertyNames()).containsExactly("consumer_jvm", "launcher_jvm",
                "postgres");
        // The embedded server tracks the rollup's calls: counted, whether or not one ended within the drain.
        assertThat(json.get("drain_rollup_calls").isIntegralNumber()).isTrue();
        assertThat(json.get("drain_rollup_calls").asLong()).isNotNegative();
        assertThat(json.get("drain_rollup_seconds").asDouble()).isNotNegative();
        // The limit is the faster format's COPY.
        assertThat(json.get("copy_limit_rows_per_s").asLong()).isEqualTo(Math.max(
                json.get("copy_text_rows_per_s").asLong(), json.get("copy_binary_rows_per_s").asLong()));
        assertThat(json.get("copy_limit_format").asString()).isIn("text", "binary");
        for (String positive : new String[] { "drain_events_per_s", "warmup_events_per_s", "copy_limit_rows_per_s",
            "ratio", "producer_events_per_s", "kafka_bytes_per_record", "consumer_peak_heap_mb",
            "consumer_peak_rss_mb", "copy_text_rows_per_s",
            "copy_binary_rows_per_s" }) {
            assertThat(json.get(positive).asDouble()).as(positive).isPositive();
        }
        assertThat(json.get("latency_p50_ms").asLong()).isNotNegative()
            .isLessThanOrEqualTo(json.get("latency_p95_ms").asLong());
        assertThat(json.get("latency_p95_ms").asLong()).isLessThanOrEqualTo(json.get("latency_p99_ms").asLong());
        assertThat(json.get("latency_p99_ms").asLong()).isLessThanOrEqualTo(json.get("latency_max_ms").asLong());
        assertThat(json.get("consumer_peak_heap_mb").asDouble())
            .isLessThanOrEqualTo(json.get("consumer_max_heap_mb").asDouble());
        assertThat(json.get("postgres").get("synchronous_commit").asString()).isEqualTo("on");
        assertThat(json.get("postgres").get("fsync").asString()).isEqualTo("on");
        assertThat(text(out)).contains("measurement", "drain", "rollup in the drain", "warm-up", "copy limit",
                "ratio", "producer", "latency", "consumer memory");
        // The run's servers, database and files are gone; only what the user asked for stays.
        assertThat(this.directory.resolve("data").toFile().list()).isEmpty();
    }

    @Test
    void drainsWithSeveralConsumersInOneGroup() throws Exception {
        Path result = this.directory.resolve("result.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = BenchCommand.run(List.of("--events=" + EVENTS, "--consumers=2",
            "--warmup-events=" + WARMUP_EVENTS, "--patients=" + PATIENTS, "--seed=" + SEED, "--out=" + result,
            "--data-dir=" + this.directory.resolve("data"), CONSUMER_JAR), Map.of(), print(out), print(err));

        assertThat(text(err)).isEmpty();
        assertThat(status).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(result.toFile());
        assertThat(json.get("consumers").asInt()).isEqualTo(2);
        assertThat(json.get("drained_rows").asLong()).isEqualTo(EVENTS);
        assertThat(json.get("drained_alerts").asLong()).isEqualTo(nonValidReadings());
        // Both took part (3 of the 6 partitions each), and together they stored every event once.
        JsonNode byConsumer = json.get("drained_rows_by_consumer");
        assertThat(byConsumer.size()).isEqualTo(2);
        assertThat(byConsumer.get(0).asLong()).isPositive();
        assertThat(byConsumer.get(1).asLong()).isPositive();
        assertThat(byConsumer.get(0).asLong() + byConsumer.get(1).asLong()).isEqualTo(EVENTS);
        assertThat(json.get("drain_cpu_seconds").propertyNames()).containsExactly("consumer_jvm", "consumer_jvm_1",
                "consumer_jvm_2", "launcher_jvm", "postgres");
        assertThat(json.get("drain_events_per_s").asDouble()).isPositive();
        // Percentiles of two consumers' samples cannot be merged from their summaries: no latency phase.
        assertThat(json.get("latency_events").isNull()).isTrue();
        assertThat(text(out)).contains("2 consumers, rows each", "not measured with 2 consumers");
        assertThat(this.directory.resolve("data").toFile().list()).isEmpty();
    }

    // Alerts are one per non-valid reading; which readings are not valid depends on the seed alone.
    private static long nonValidReadings() {
        HeartbeatGenerator generator = new HeartbeatGenerator(SEED,
                new GeneratorSettings(PATIENTS, 0.2, GeneratorSettings.DEFAULT.limits(), 30, 200));
        Instant time = Instant.parse("2026-03-01T10:00:00Z");
        long nonValid = 0;
        for (int i = 0; i < EVENTS; i++) {
            if (generator.next(time.plusMillis(i)).kind() != ValidationStatus.VALID) {
                nonValid++;
            }
        }
        return nonValid;
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
