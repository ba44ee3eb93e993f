package io.heartbeat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.heartbeat.config.EnvironmentVariables;
import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;

/**
 * One consumer under test: the service's jar in a JVM of its own, started as an operator starts it; the three
 * settings on its command line are the bench's (benchmarks.md, "What one run does", 2).
 */
final class ConsumerService implements AutoCloseable {

    /** The application name of every benchmarked consumer's database sessions starts with this. */
    static final String APPLICATION_NAME_PREFIX = "bench-";

    private static final Duration POLL = Duration.ofMillis(100);

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    // One sample a status, heartbeat_events_stored_total{status="valid"} 1200.0: its value.
    private static final Pattern STORED = Pattern.compile("^heartbeat_events_stored_total(?:\\{.*\\})?\\s+(\\S+)",
            Pattern.MULTILINE);

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String instanceId;

    private final Process process;

    private final Path output;

    private final Path gcLog;

    private final URI actuator;

    private ConsumerService(String instanceId, Process process, Path output, Path gcLog, int httpPort) {
        this.instanceId = instanceId;
        this.process = process;
        this.output = output;
        this.gcLog = gcLog;
        this.actuator = URI.create("http://localhost:" + httpPort + "/actuator/");
    }

    /** Starts the jar; of the bench's {@code variables}, the services' own reach it, except where this run decides. */
    static ConsumerService start(Path jar, PipelineEndpoints endpoints, int partitions, String heap, Path runDir,
            Map<String, String> variables, String instanceId, int httpPort) {
        Path gcLog = runDir.resolve(instanceId + "-gc.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc,gc+init:file=" + gcLog,
                "-jar", jar.toString(), "--spring.kafka.consumer.isolation-level=read_committed",
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + APPLICATION_NAME_PREFIX
                        + instanceId,
                "--management.metrics.distribution.slo.heartbeat.events.latency=" + LatencyHistogram.BOUNDARIES
                    .stream()
                    .map((millis) -> millis + "ms")
                    .collect(Collectors.joining(","))));
        Path output = runDir.resolve(instanceId + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        EnvironmentVariables.ALL.forEach((variable) -> environment.remove(variable.name()));
        EnvironmentVariables.ALL.stream().map(EnvironmentVariables.Variable::name)
            .filter(variables::containsKey)
            .forEach((name) -> environment.put(name, variables.get(name)));
        PostgresSettings postgres = endpoints.postgres();
        environment.putAll(Map.of("KAFKA_BROKER", endpoints.bootstrapServers(), "KAFKA_TOPIC", endpoints.topic(),
                "KAFKA_TOPIC_PARTITIONS", String.valueOf(partitions), "CONSUMER_GROUP_ID", endpoints.groupId(),
                "POSTGRES_HOST", postgres.host(), "POSTGRES_PORT", String.valueOf(postgres.port()),
                "POSTGRES_DB", postgres.database(), "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(), "LOG_DIR", runDir.resolve(instanceId + "-logs").toString()));
        environment.put("SERVER_PORT", String.valueOf(httpPort));
        // Each its own member of the group: two sharing a name would fence each other (Kafka static membership).
        environment.put("CONSUMER_INSTANCE_ID", instanceId);
        try {
            return new ConsumerService(instanceId, builder.start(), output, gcLog, httpPort);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the consumer's JVM: " + command, ex);
        }
    }

    /** Fails, saying how to get it, when {@code jar} is not there. */
    static void requireJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The consumer's jar " + jar.toAbsolutePath().normalize() + " is missing:"
                    + " build it first (./mvnw -q -DskipTests package), or give its path with --consumer-jar");
        }
    }

    ProcessHandle process() {
        return this.process.toHandle();
    }

    /** Waits until the consumer says it is ready (PostgreSQL migrated and reachable, Kafka reachable). */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (get("health/readiness").filter((response) -> response.statusCode() == 200).isEmpty()) {
            exited().ifPresent((reason) -> {
                throw new IllegalStateException(reason + " before it was ready (its output: " + this.output + ")");
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(this.instanceId + " was not ready within " + timeout
                        + " (its output: " + this.output + ")");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Rows the consumer has stored since it started: its {@code heartbeat.events.stored}, every status. */
    long storedRows() {
        return Math.round(STORED.matcher(scrape("heartbeat_events_stored")).results()
            .mapToDouble((sample) -> Double.parseDouble(sample.group(1)))
            .sum());
    }

    /** Its {@code heartbeat.events.latency} histogram as it stands. */
    LatencyHistogram latencies() {
        return LatencyHistogram.of(scrape("heartbeat_events_latency_seconds"));
    }

    /** Why the consumer can answer no more (it exited, with its status); empty while it runs. */
    Optional<String> exited() {
        return this.process.isAlive() ? Optional.empty()
                : Optional.of(this.instanceId + " exited with status " + this.process.exitValue());
    }

    /** Stops it as an operator does (SIGTERM); returns its peak RSS, read before the stop, and its GC log's figures. */
    Map<String, Object> stop() {
        long peakRssKilobytes = procStatusKilobytes(this.process.pid(), "VmHWM");
        this.process.destroy();
        awaitExit();
        Map<String, Object> memory = new LinkedHashMap<>(GcLog.read(this.gcLog));
        memory.put("peak_rss_mb", Math.round(peakRssKilobytes / 102.4) / 10.0);
        return memory;
    }

    /** Kills the consumer if it is still running (a failed run, Ctrl+C). */
    @Override
    public void close() {
        if (this.process.isAlive()) {
            this.process.destroyForcibly();
            awaitExit();
        }
    }

    // One metric family, in Prometheus's text format; a consumer that does not answer fails the run.
    private String scrape(String family) {
        // The filter names a family as the registry does; some versions also match the suffixed names.
        String names = family + "," + family + "_total";
        HttpResponse<String> response = get("prometheus?includedNames=" + names).orElseThrow(() ->
                new IllegalStateException(exited().orElse(this.instanceId + " did not answer on " + this.actuator
                        + "prometheus")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(this.instanceId + " answered " + response.statusCode() + " on "
                    + this.actuator + "prometheus");
        }
        return response.body();
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(this.actuator.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException ex) {
            return Optional.empty();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + this.instanceId, ex);
        }
    }

    private void awaitExit() {
        try {
            if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    // A field of /proc/<pid>/status in kilobytes; -1 where there is no /proc to read.
    private static long procStatusKilobytes(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter((line) -> line.startsWith(field + ":"))
                .map((line) -> line.substring(field.length() + 1).replace("kB", "").strip())
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(-1);
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }
}
