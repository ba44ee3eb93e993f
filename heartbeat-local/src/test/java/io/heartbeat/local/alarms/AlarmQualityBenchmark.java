package io.heartbeat.local.alarms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.heartbeat.local.alarms.AlarmQualityRun.Mix;
import io.heartbeat.local.alarms.AlarmQualityRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm measurement of docs/alerting.md: end-to-end runs for each seed and mix, every detector scored against
 * the episodes file, written as a Markdown table and as JSON to {@code target/alarm-quality.{md,json}}, then held
 * to the thresholds. Run by {@code ./mvnw -Palarm-bench -pl heartbeat-local -am verify}, never by
 * {@code ./mvnw verify}. {@code ALARM_BENCH_SEEDS} (comma-separated), {@code ALARM_BENCH_PATIENTS} and
 * {@code ALARM_BENCH_MINUTES} change the runs.
 */
class AlarmQualityBenchmark {

    @TempDir
    Path workDir;

    @Test
    void measureEverySeedAndMix() throws IOException {
        List<Long> seeds = setting("ALARM_BENCH_SEEDS", "1,2,3").lines()
            .flatMap((line) -> List.of(line.split(",")).stream())
            .map(String::trim)
            .map(Long::valueOf)
            .toList();
        int patients = Integer.parseInt(setting("ALARM_BENCH_PATIENTS", "500"));
        Duration length = Duration.ofMinutes(Long.parseLong(setting("ALARM_BENCH_MINUTES", "5")));
        List<Result> results = new ArrayList<>();
        for (Mix mix : List.of(Mix.DEFAULT, Mix.NOISY)) {
            for (long seed : seeds) {
                results.add(AlarmQualityRun.run(this.workDir.resolve(mix.episodeRate() + "-" + seed), seed, mix,
                        patients, length));
                write(results);
            }
        }
        results.forEach(AlarmThresholds::assertMet);
    }

    private static void write(List<Result> results) throws IOException {
        List<String> table = new ArrayList<>();
        table.add("| Mix | Seed | Detector | Episodes | Alarms | False (runs of the mix) | Precision | Recall"
                + " | Latency p50 | p99 | max |");
        table.add("|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> json = new ArrayList<>();
        for (Result result : results) {
            for (EpisodeScore score : result.scores()) {
                boolean sustained = score.detector().equals("in-stream sustained");
                table.add(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %d%s | %s | %s | %s | %s | %s |",
                        result.mix().name(), result.seed(), score.detector(), score.episodes(), score.alarms(),
                        score.falseAlarms().size(), sustained ? " (" + result.chanceRuns() + ")" : "",
                        EpisodeScore.ratio(score.precision()), EpisodeScore.ratio(score.recall()),
                        EpisodeScore.seconds(score.latency(50)), EpisodeScore.seconds(score.latency(99)),
                        EpisodeScore.seconds(score.latency(100))));
                json.add(String.format(Locale.ROOT, "{\"mix\":\"%s\",\"seed\":%d,\"patients\":%d,\"minutes\":%d,"
                        + "\"readings\":%d,\"detector\":\"%s\",\"episodes\":%d,\"alarms\":%d,\"false\":%d,"
                        + "\"chance_runs\":%d,\"latencies_ms\":%s}", result.mix().name(), result.seed(),
                        result.patients(), result.length().toMinutes(), result.readings(), score.detector(),
                        score.episodes(), score.alarms(), score.falseAlarms().size(),
                        sustained ? result.chanceRuns() : 0,
                        score.latencies().stream().map((latency) -> String.valueOf(latency.toMillis())).toList()));
            }
        }
        results.forEach((result) -> table.add(0, "<!-- " + result.summary() + " -->"));
        Files.write(Path.of("target", "alarm-quality.md"), table);
        Files.writeString(Path.of("target", "alarm-quality.json"), "[\n" + String.join(",\n", json) + "\n]\n");
        table.forEach(System.out::println);
    }

    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name, System.getenv(name));
        return (value == null || value.isBlank()) ? otherwise : value;
    }
}
