package io.heartbeat.local.alarms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.heartbeat.local.alarms.AlarmQualityRun.Mix;
import io.heartbeat.local.alarms.AlarmQualityRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm measurement of docs/alerting.md: end-to-end runs for each seed and mix, every detector scored against
 * the episodes file, written as a Markdown table and as JSON to {@code target/alarm-quality.{md,json}}, then held
 * to the thresholds. Run by {@code ./mvnw -Palarm-bench -pl heartbeat-local -am verify}, never by
 * {@code ./mvnw verify}. {@code ALARM_BENCH_SEEDS} (comma-separated), {@code ALARM_BENCH_MIXES} ({@code default},
 * {@code noisy} or both, comma-separated), {@code ALARM_BENCH_PATIENTS}, {@code ALARM_BENCH_MINUTES} and
 * {@code ALARM_OPEN_AFTER} (the consumer's) change the runs.
 */
class AlarmQualityBenchmark {

    @TempDir
    Path workDir;

    @Test
    void measureEverySeedAndMix() throws IOException {
        List<Long> seeds = list(setting("ALARM_BENCH_SEEDS", "1,2,3")).stream().map(Long::valueOf).toList();
        List<Mix> mixes = list(setting("ALARM_BENCH_MIXES", "default,noisy")).stream()
            .map((name) -> "noisy".equals(name) ? Mix.NOISY : Mix.DEFAULT)
            .toList();
        Map<String, String> consumer = Map.of("heartbeat.alarms.open-after", setting("ALARM_OPEN_AFTER", "5"));
        int patients = Integer.parseInt(setting("ALARM_BENCH_PATIENTS", "500"));
        Duration length = Duration.ofMinutes(Long.parseLong(setting("ALARM_BENCH_MINUTES", "5")));
        List<Result> results = new ArrayList<>();
        for (Mix mix : mixes) {
            for (long seed : seeds) {
                results.add(AlarmQualityRun.run(this.workDir.resolve(mix.episodeRate() + "-" + seed), seed, mix,
                        patients, length, consumer));
                write(results, consumer);
            }
        }
        results.forEach(AlarmThresholds::assertMet);
    }

    private static void write(List<Result> results, Map<String, String> consumer) throws IOException {
        List<String> table = new ArrayList<>();
        table.add("| Mix | Seed | Detector | Episodes (by chance) | Alarms | False | Precision | Recall"
                + " | Latency p50 | p99 | max |");
        table.add("|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> json = new ArrayList<>();
        for (Result result : results) {
            for (EpisodeScore score : result.scores()) {
                boolean sustained = score.detector().equals("in-stream sustained");
                table.add(String.format(Locale.ROOT, "| %s | %d | %s | %d%s | %d | %d | %s | %s | %s | %s | %s |",
                        result.mix().name(), result.seed(), score.detector(), score.episodes(),
                        sustained ? " (" + result.chanceRuns() + ")" : "", score.alarms(), score.falseAlarms().size(),
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
        List<String> header = new ArrayList<>();
        header.add("<!-- consumer: " + consumer + " -->");
        results.forEach((result) -> header.add("<!-- " + result.summary() + " -->"));
        table.addAll(0, header);
        Files.write(Path.of("target", "alarm-quality.md"), table);
        Files.writeString(Path.of("target", "alarm-quality.json"), "[\n" + String.join(",\n", json) + "\n]\n");
        table.forEach(System.out::println);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }

    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name, System.getenv(name));
        return (value == null || value.isBlank()) ? otherwise : value;
    }
}
