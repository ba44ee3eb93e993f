package io.heartbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.heartbeat.local.cli.InvalidOptionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BenchOptionsTests {

    @Test
    void measuresWhatTheIssueNamesByDefault() {
        BenchOptions options = BenchOptions.parse(List.of());

        assertThat(options).isEqualTo(new BenchOptions(1_000_000, 1_000_000, Optional.empty(), 5_000,
                Duration.ofSeconds(60), 1_000, 42, Path.of("heartbeat-consumer/target/heartbeat-consumer-exec.jar"),
                "256m", 1, 0, Path.of("bench-data"), false));
        assertThat(options.latencyEvents()).isEqualTo(300_000);
    }

    @Test
    void warmsUpWithAsManyEventsAsItDrainsUnlessTold() {
        assertThat(BenchOptions.parse(List.of("--events=20000")).warmupEvents()).isEqualTo(20_000);
        assertThat(BenchOptions.parse(List.of("--warmup-events=300000", "--events=20000")).warmupEvents())
            .isEqualTo(300_000);
        assertThat(BenchOptions.parse(List.of("--events=20000", "--warmup-events=0")).warmupEvents()).isZero();
    }

    @Test
    void readsEveryOption() {
        BenchOptions options = BenchOptions.parse(List.of("--events=20_000", "--warmup-events=0", "--out=result.json",
                "--latency-rate=1000", "--latency-duration=1500ms", "--patients=50", "--seed=-7",
                "--consumer-jar=/opt/consumer.jar", "--consumer-heap=1g", "--consumers=4", "--days-kept=730",
                "--data-dir=/tmp/b"));

        assertThat(options).isEqualTo(new BenchOptions(20_000, 0, Optional.of(Path.of("result.json")),
                1_000, Duration.ofMillis(1500), 50, -7, Path.of("/opt/consumer.jar"), "1g", 4, 730, Path.of("/tmp/b"),
                false));
        assertThat(options.latencyEvents()).isEqualTo(1_500);
    }

    @Test
    void asksForHelp() {
        assertThat(BenchOptions.parse(List.of("--help")).help()).isTrue();
    }

    @Test
    void rejectsBadValuesInOneLine() {
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--events=0")))
            .withMessage("--events=0 must be between 1 and " + Long.MAX_VALUE);
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--events=many")))
            .withMessage("--events=many is not a whole number (e.g. 1000000)");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--warmup-events=-1")))
            .withMessage("--warmup-events=-1 must not be negative");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--latency-duration=soon")))
            .withMessage("--latency-duration=soon is not a duration (e.g. 30s, 2m)");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--consumer-heap=lots")))
            .withMessage("--consumer-heap=lots is not a heap size (e.g. 256m, 1g)");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--consumers=0")))
            .withMessage("--consumers=0 must be between 1 and 16");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--days-kept=36501")))
            .withMessage("--days-kept=36501 must be at most 36500");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--days-kept=-1")))
            .withMessage("--days-kept=-1 must not be negative");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--out")))
            .withMessage("--out needs a value, e.g. --out=result.json");
        assertThatExceptionOfType(InvalidOptionException.class)
            .isThrownBy(() -> BenchOptions.parse(List.of("--fast")))
            .withMessage("unknown option --fast (try --help)");
    }
}
