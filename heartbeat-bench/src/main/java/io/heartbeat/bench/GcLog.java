package io.heartbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap use and pauses, from its unified GC log, in whole units as the JVM writes them (benchmarks.md, "What
 * one run does", 8).
 */
final class GcLog {

    // e.g. "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 150M->20M(256M) 3.456ms"
    private static final Pattern PAUSE = Pattern.compile(".*\\bPause .* (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)"
            + " (\\d+(?:\\.\\d+)?)ms.*");

    // e.g. "Heap Max Capacity: 256M"
    private static final Pattern MAX = Pattern.compile(".*\\bHeap Max Capacity: (\\d+)([KMG]).*");

    private GcLog() {
    }

    /** The {@link #summary} of the log at {@code log}; fails when it cannot be read. */
    static Map<String, Object> read(Path log) {
        try {
            return summary(Files.readAllLines(log));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not read the consumer's GC log " + log + ": " + ex, ex);
        }
    }

    static Map<String, Object> summary(List<String> lines) {
        double peak = 0;
        double afterCollection = 0;
        double max = 0;
        long pauses = 0;
        double pauseMillis = 0;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.matches()) {
                peak = Math.max(peak, megabytes(pause.group(1), pause.group(2)));
                afterCollection = Math.max(afterCollection, megabytes(pause.group(3), pause.group(4)));
                pauses++;
                pauseMillis += Double.parseDouble(pause.group(5));
                continue;
            }
            Matcher capacity = MAX.matcher(line);
            if (capacity.matches()) {
                max = megabytes(capacity.group(1), capacity.group(2));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("peak_heap_mb", round(peak));
        summary.put("max_heap_mb", round(max));
        summary.put("heap_after_gc_mb", round(afterCollection));
        summary.put("gc_count", pauses);
        summary.put("gc_seconds", Math.round(pauseMillis) / 1000.0);
        return summary;
    }

    private static double megabytes(String size, String unit) {
        double value = Double.parseDouble(size);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
