package io.heartbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.heartbeat.local.cli.InvalidOptionException;
import io.heartbeat.local.cli.OptionValues;

/**
 * The options of {@code heartbeat-bench.jar} ({@code --name=value}, docs/benchmarks.md has the table); parsing fails
 * with an {@link InvalidOptionException} whose message is the one line the user sees.
 */
public record BenchOptions(long events, long warmupEvents, Optional<Path> out, int latencyRate,
        Duration latencyDuration, int patients, long seed, Path consumerJar, String consumerHeap, int consumers,
        int daysKept, Path dataDir, boolean help) {

    static final String USAGE = """
            Usage: java -jar heartbeat-bench.jar [options]
              --events=<1000000>          events to preload, drain and COPY
              --warmup-events=<events>    events drained first, untimed, to warm the consumer and PostgreSQL up
                                          (as many as --events unless given; 0: none)
              --out=<result.json>         write the results as JSON there too
              --latency-rate=<5000>       events per second of the latency phase
              --latency-duration=<60s>    how long the latency phase produces
              --patients=<1000>           simulated patients (each a Kafka key)
              --seed=<42>                 the producer's seed
              --consumer-jar=<jar>        the consumer's executable jar
                                          (heartbeat-consumer/target/heartbeat-consumer-exec.jar)
              --consumer-heap=<256m>      -Xmx of the consumer's own JVM
              --consumers=<1>             consumer JVMs in one group, draining together (above 1: no latency phase)
              --days-kept=<0>             empty day partitions made first for that many days before today, as a
                                          consumer that has kept that much history has them
              --data-dir=<bench-data>     where the run keeps its files; its run-* folder is deleted afterwards
              --help                      this text
            Uses external servers when KAFKA_BROKER / POSTGRES_HOST are set (see docs/benchmarks.md).""";

    // Each is a JVM of its own on the same machine; more than this is a typo rather than a measurement.
    private static final int MAX_CONSUMERS = 16;

    // RETENTION_DAYS' own bound: a hundred years of days.
    private static final int MAX_DAYS_KEPT = 36_500;

    /** Where the build leaves the consumer's executable jar, from the project's folder. */
    static final Path CONSUMER_JAR = Path.of("heartbeat-consumer", "target", "heartbeat-consumer-exec.jar");

    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    public static BenchOptions parse(List<String> args) {
        long events = 1_000_000;
        Long warmupEvents = null;
        Optional<Path> out = Optional.empty();
        int latencyRate = 5_000;
        Duration latencyDuration = Duration.ofSeconds(60);
        int patients = 1_000;
        long seed = 42;
        Path consumerJar = CONSUMER_JAR;
        String consumerHeap = "256m";
        int consumers = 1;
        int daysKept = 0;
        Path dataDir = Path.of("bench-data");
        boolean help = false;
        for (String arg : args) {
            OptionValues option = OptionValues.of(arg);
            switch (option.name()) {
                case "--help", "-h" -> help = true;
                case "--events" -> events = positive(option, "1000000", Long.MAX_VALUE);
                case "--warmup-events" -> warmupEvents = notNegative(option, "300000", Long.MAX_VALUE);
                case "--out" -> out = Optional.of(Path.of(option.required("result.json")));
                case "--latency-rate" -> latencyRate = (int) positive(option, "5000", 1_000_000);
                case "--latency-duration" -> latencyDuration = option.positiveDuration("30s, 2m");
                case "--patients" -> patients = (int) positive(option, "1000", 1_000_000);
                case "--seed" -> seed = number(option, "42");
                case "--consumer-jar" -> consumerJar = Path.of(option.required("consumer.jar"));
                case "--consumer-heap" -> consumerHeap = heapSize(option);
                case "--consumers" -> consumers = (int) positive(option, "2", MAX_CONSUMERS);
                case "--days-kept" -> daysKept = (int) notNegative(option, "730", MAX_DAYS_KEPT);
                case "--data-dir" -> dataDir = Path.of(option.required("bench-data"));
                default -> throw new InvalidOptionException("unknown option " + arg + " (try --help)");
            }
        }
        return new BenchOptions(events, (warmupEvents != null) ? warmupEvents : events, out, latencyRate,
                latencyDuration, patients, seed, consumerJar, consumerHeap, consumers, daysKept, dataDir, help);
    }

    /** Events the latency phase sends: its rate for its duration. */
    public long latencyEvents() {
        return Math.max(1, Math.round(this.latencyRate * (this.latencyDuration.toMillis() / 1000.0)));
    }

    private static long positive(OptionValues option, String example, long highest) {
        long number = number(option, example);
        if (number < 1 || number > highest) {
            throw new InvalidOptionException(
                    option.name() + "=" + option.value() + " must be between 1 and " + highest);
        }
        return number;
    }

    private static long notNegative(OptionValues option, String example, long highest) {
        long number = number(option, example);
        if (number < 0) {
            throw new InvalidOptionException(option.name() + "=" + option.value() + " must not be negative");
        }
        if (number > highest) {
            throw new InvalidOptionException(option.name() + "=" + option.value() + " must be at most " + highest);
        }
        return number;
    }

    private static long number(OptionValues option, String example) {
        String text = option.required(example).replace("_", "");
        try {
            return Long.parseLong(text);
        }
        catch (NumberFormatException ex) {
            throw new InvalidOptionException(
                    option.name() + "=" + option.value() + " is not a whole number (e.g. " + example + ")");
        }
    }

    private static String heapSize(OptionValues option) {
        String text = option.required("256m");
        if (!HEAP_SIZE.matcher(text).matches()) {
            throw new InvalidOptionException(option.name() + "=" + text + " is not a heap size (e.g. 256m, 1g)");
        }
        return text;
    }
}
