package io.heartbeat.consumer.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The start benchmark's table: per mode, median (min to max) of each mark of {@link StartTimeline}. */
final class StartReport {

    private StartReport() {
    }

    static String table(Map<String, List<StartTimeline>> results) {
        StringBuilder table = new StringBuilder(
                "| start | JVM to main | Spring ready | partitions assigned | first row stored | CPU used by then |\n"
                + "|---|---|---|---|---|---|\n");
        results.forEach((mode, timelines) -> table.append("| ").append(mode)
            .append(" | ").append(spread(timelines, StartTimeline::main))
            .append(" | ").append(spread(timelines, StartTimeline::ready))
            .append(" | ").append(spread(timelines, StartTimeline::assigned))
            .append(" | ").append(spread(timelines, StartTimeline::firstRow))
            .append(" | ").append(spread(timelines, StartTimeline::cpu)).append(" |\n"));
        return table.toString();
    }

    /** Median, then min to max, in seconds: {@code 2.41 (2.30 to 2.60)}. */
    static String spread(List<StartTimeline> timelines, Function<StartTimeline, Duration> mark) {
        List<Duration> sorted = timelines.stream().map(mark).sorted().toList();
        Duration median = sorted.get(sorted.size() / 2);
        if (sorted.size() % 2 == 0) {
            median = median.plus(sorted.get(sorted.size() / 2 - 1)).dividedBy(2);
        }
        return "%s (%s to %s)".formatted(seconds(median), seconds(sorted.get(0)),
                seconds(sorted.get(sorted.size() - 1)));
    }

    private static String seconds(Duration duration) {
        return "%.2f s".formatted(duration.toMillis() / 1000.0);
    }

    /** {@code JDK 25.0.3}: the JAVA_VERSION of the {@code release} file of the JDK whose {@code bin/java} is given. */
    static String javaVersion(String java) {
        Path release = Path.of(java).toAbsolutePath().getParent().resolveSibling("release");
        try {
            return Files.readAllLines(release).stream()
                .filter((line) -> line.startsWith("JAVA_VERSION="))
                .map((line) -> "JDK " + line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No JAVA_VERSION in " + release));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The 1-minute load average, as the machine is shared. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
