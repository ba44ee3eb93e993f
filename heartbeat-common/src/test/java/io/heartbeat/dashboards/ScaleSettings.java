package io.heartbeat.dashboards;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import io.heartbeat.testsupport.ProjectFiles;

/**
 * What the scale benchmark loads and how often it times each query, from {@code -DNAME=} or the environment
 * variable {@code NAME}; a bad value fails with one line naming the variable.
 *
 * @param patients patients reading once a second (PATIENTS)
 * @param hours hours of history, ending now (HOURS)
 * @param repetitions timed runs per query after one untimed run (REPETITIONS)
 * @param out where the JSON goes; the markdown table goes next to it with {@code .md} (SCALE_OUT)
 */
record ScaleSettings(int patients, int hours, int repetitions, Path out) {

    static final int DEFAULT_PATIENTS = 500;

    static final int DEFAULT_HOURS = 6;

    static final int DEFAULT_REPETITIONS = 5;

    ScaleSettings {
        require(patients >= 1 && patients <= 1_000_000, "PATIENTS must be between 1 and 1000000, was " + patients);
        require(hours >= 1 && hours <= 24 * 31, "HOURS must be between 1 and 744, was " + hours);
        require(repetitions >= 1 && repetitions <= 1000,
                "REPETITIONS must be between 1 and 1000, was " + repetitions);
    }

    /** The settings of this JVM: system properties first, then the environment. */
    static ScaleSettings fromSystem() {
        return from((name) -> System.getProperty(name, System.getenv(name)));
    }

    static ScaleSettings from(UnaryOperator<String> lookup) {
        int patients = number(lookup, "PATIENTS", DEFAULT_PATIENTS);
        int hours = number(lookup, "HOURS", DEFAULT_HOURS);
        int repetitions = number(lookup, "REPETITIONS", DEFAULT_REPETITIONS);
        String out = lookup.apply("SCALE_OUT");
        // next to the write benchmark's run folders (docs/benchmarks.md, --data-dir bench-data)
        Path file = (out == null || out.isBlank())
                ? ProjectFiles.resolve("bench-data").resolve("scale-" + patients + "p-" + hours + "h.json")
                : Path.of(out).toAbsolutePath();
        return new ScaleSettings(patients, hours, repetitions, file);
    }

    /** The markdown table's file: the JSON's name with {@code .md}. */
    Path markdown() {
        String name = this.out.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return this.out.resolveSibling(base + ".md");
    }

    private static int number(UnaryOperator<String> lookup, String name, int defaultValue) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " must be a whole number, was \"" + value + "\"");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
