package io.heartbeat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.EnvironmentVariables;
import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's side of {@link ConsumerProcess}: starts it as a child JVM with this run's endpoints in its
 * environment, sends it commands and waits for its answers. Its output, the service's log, goes to
 * {@code <instance id>.out} in the run's folder.
 */
final class ConsumerChild implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> ANSWER_TYPE = new TypeReference<>() {
    };

    private static final Duration POLL = Duration.ofMillis(50);

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;

    private final Path output;

    private final PrintWriter commands;

    private final Map<String, Map<String, Object>> answers = new ConcurrentHashMap<>();

    private ConsumerChild(Process process, Path output) {
        this.process = process;
        this.output = output;
        this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        Thread reader = new Thread(this::readOutput, "bench-consumer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the consumer JVM with {@code -Xmx<heap>}, named {@code instanceId} in its group and writing its output
     * to {@code <instanceId>.out}; {@code variables} are the launcher's environment, of which the services'
     * variables (CONSUMER_*, DB_POOL_SIZE ...) reach the consumer, except where this run decides.
     */
    static ConsumerChild start(PipelineEndpoints endpoints, int partitions, String heap, Path runDir,
            Map<String, String> variables, String instanceId) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(mainClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
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
        // Each its own member of the group: two sharing a name would fence each other (Kafka static membership).
        environment.put("CONSUMER_INSTANCE_ID", instanceId);
        try {
            return new ConsumerChild(builder.start(), runDir.resolve(instanceId + ".out"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the consumer's JVM: " + command, ex);
        }
    }

    ProcessHandle process() {
        return this.process.toHandle();
    }

    void send(String command) {
        this.commands.println(command);
    }

    /**
     * Waits for the answer {@code what} and takes it, so the next command's answer of the same name is awaited anew;
     * fails when the consumer exits first or after {@code timeout}.
     */
    Map<String, Object> await(String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> answer = this.answers.remove(what);
            if (answer != null) {
                return answer;
            }
            if (!this.process.isAlive() && this.answers.get(what) == null) {
                throw new IllegalStateException("The consumer exited with status " + this.process.exitValue()
                        + " before it answered '" + what + "'");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumer did not answer '" + what + "' within " + timeout);
            }
            sleep(POLL);
        }
    }

    /** The latest answer {@code what}, left in place: a progress report that the next one replaces. */
    Optional<Map<String, Object>> latest(String what) {
        return Optional.ofNullable(this.answers.get(what));
    }

    /** Forgets the answers {@code what} received so far. */
    void forget(String what) {
        this.answers.remove(what);
    }

    /** Why the consumer can answer no more (it exited, with its status); empty while it runs. */
    Optional<String> exited() {
        return this.process.isAlive() ? Optional.empty()
                : Optional.of("The consumer exited with status " + this.process.exitValue());
    }

    /** Asks the consumer to stop, and returns its memory report. */
    Map<String, Object> stop() {
        send("stop");
        Map<String, Object> memory = await("memory", EXIT_TIMEOUT);
        awaitExit();
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

    private void awaitExit() {
        try {
            if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (BufferedReader lines = this.process.inputReader(StandardCharsets.UTF_8);
                Writer log = Files.newBufferedWriter(this.output, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(ConsumerProcess.ANSWER)) {
                    answered(line.substring(ConsumerProcess.ANSWER.length()));
                }
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
            }
        }
        catch (IOException ex) {
            // The process ended; await() reports it.
        }
    }

    private void answered(String answer) {
        int space = answer.indexOf(' ');
        try {
            this.answers.put(answer.substring(0, space), json.readValue(answer.substring(space + 1), ANSWER_TYPE));
        }
        catch (JacksonException | IndexOutOfBoundsException ex) {
            // Not an answer after all; it stays in the log.
        }
    }

    // Run from the executable jar, the child starts through Boot's launcher, which finds the nested jars.
    private static List<String> mainClass() {
        String classPath = System.getProperty("java.class.path");
        String loader = ConsumerProcess.class.getClassLoader().getClass().getName();
        if (loader.startsWith("org.springframework.boot.loader")) {
            return List.of("-cp", classPath, "-Dloader.main=" + ConsumerProcess.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        return List.of("-cp", classPath, ConsumerProcess.class.getName());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the consumer", ex);
        }
    }
}
