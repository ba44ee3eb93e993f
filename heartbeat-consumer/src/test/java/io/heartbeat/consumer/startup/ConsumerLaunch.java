package io.heartbeat.consumer.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.EnvironmentVariables;
import io.heartbeat.testsupport.TestPostgres;

import org.springframework.util.FileSystemUtils;

/**
 * Starts the built consumer exec jar as its own process, always as the same member of one group: as a plain
 * {@code java -jar}, from its extracted form, or with a CDS archive made by a training run.
 */
final class ConsumerLaunch {

    static final String INSTANCE_ID = "start-bench";

    private final Path workDir;

    private final Map<String, String> environment;

    private final Path execJar = Path.of("target", "heartbeat-consumer-exec.jar").toAbsolutePath();

    ConsumerLaunch(Path workDir, String bootstrapServers, String topic, TestPostgres.Database database) {
        if (!Files.isRegularFile(this.execJar)) {
            throw new IllegalStateException(this.execJar + " is missing: build it first (the start-bench profile "
                    + "runs after package)");
        }
        this.workDir = workDir;
        this.environment = Map.of("KAFKA_BROKER", bootstrapServers, "KAFKA_TOPIC", topic,
                "CONSUMER_GROUP_ID", "start-bench", "CONSUMER_INSTANCE_ID", INSTANCE_ID,
                "POSTGRES_HOST", database.host(), "POSTGRES_PORT", String.valueOf(database.port()),
                "POSTGRES_DB", database.name(), "POSTGRES_USER", database.user(),
                "POSTGRES_PASSWORD", database.password(),
                "GRAFANA_READER_PASSWORD", TestPostgres.GRAFANA_READER_PASSWORD);
    }

    /** {@code java -jar heartbeat-consumer-exec.jar}, as the README runs it. */
    List<String> execJar() {
        return List.of(java(), "-jar", this.execJar.toString());
    }

    /** The jar extracted by Boot's {@code -Djarmode=tools extract}: its classes read from plain jars. */
    List<String> extracted() {
        return List.of(java(), "-jar", extractedJar().toString());
    }

    /** The extracted jar with {@code archive} mapped in. */
    List<String> withArchive(Path archive) {
        return withArchive(java(), archive);
    }

    /** The extracted jar on {@code java} with {@code archive}, made by that JVM, mapped in. */
    List<String> withArchive(String java, Path archive) {
        return List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar", extractedJar().toString());
    }

    /** The extracted jar on {@code java} (a JDK 25 or later) with {@code cache}, made by that JVM, mapped in. */
    List<String> withAotCache(String java, Path cache) {
        return List.of(java, "-XX:AOTCache=" + cache, "-jar", extractedJar().toString());
    }

    /**
     * Extracts the jar and makes its CDS archive with the Dockerfile's training run, offline; returns the archive.
     */
    Path train() {
        Path destination = this.workDir.resolve("extracted");
        run(ClassDataSharing.extract(java(), this.execJar, destination), "extract", Map.of());
        return train(ClassDataSharing.training(java(), archive("jsa"), extractedJar()), archive("jsa"));
    }

    /** The CDS archive of the extracted jar (extracted by {@link #train()} first) made by {@code java}. */
    Path trainArchive(String java) {
        Path archive = archive("other-jdk.jsa");
        return train(ClassDataSharing.training(java, archive, extractedJar()), archive);
    }

    /** The AOT cache of the extracted jar (extracted by {@link #train()} first) made by {@code java}. */
    Path trainAotCache(String java) {
        Path cache = archive("aot");
        return train(ClassDataSharing.aotCacheTraining(java, cache, extractedJar()), cache);
    }

    private Path archive(String extension) {
        return this.workDir.resolve("heartbeat-consumer." + extension);
    }

    private Path train(List<String> training, Path archive) {
        run(training, "training " + archive.getFileName(), ClassDataSharing.NOTHING_TO_REACH);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("The training run made no archive " + archive);
        }
        return archive;
    }

    /** Starts {@code command} as a member of the group, logging under {@code name}. */
    Running start(List<String> command, String name) {
        return start(command, name, this.environment);
    }

    private Running start(List<String> command, String name, Map<String, String> environment) {
        Path logDir = this.workDir.resolve("logs").resolve(name.replaceAll("[^A-Za-z0-9]+", "-"));
        try {
            // A former run's log would be read as this start's: the folder is named after the mode and run only.
            FileSystemUtils.deleteRecursively(logDir);
            Files.createDirectories(logDir);
            ProcessBuilder builder = processBuilder(command, logDir, environment);
            builder.redirectOutput(logDir.resolve("console.out").toFile());
            return new Running(builder.start(), logDir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void run(List<String> command, String name, Map<String, String> environment) {
        try (Running step = start(command, name, environment)) {
            if (!step.process.waitFor(5, TimeUnit.MINUTES) || step.process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed:\n" + step.console());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private ProcessBuilder processBuilder(List<String> command, Path logDir, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(this.workDir.toFile())
            .redirectErrorStream(true);
        EnvironmentVariables.ALL.forEach((variable) -> builder.environment().remove(variable.name()));
        builder.environment().putAll(environment);
        builder.environment().put("LOG_DIR", logDir.toString());
        try (ServerSocket socket = new ServerSocket(0)) {
            builder.environment().put("SERVER_PORT", String.valueOf(socket.getLocalPort()));
        }
        return builder;
    }

    private Path extractedJar() {
        return this.workDir.resolve("extracted").resolve(this.execJar.getFileName());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A started process, killed (SIGKILL, as a crash) when closed if still alive. */
    static final class Running implements AutoCloseable {

        private final Process process;

        private final Path logDir;

        private Running(Process process, Path logDir) {
            this.process = process;
            this.logDir = logDir;
        }

        /** The service's general.log so far, empty before it exists. */
        String log() throws IOException {
            Path log = this.logDir.resolve("general.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }

        String console() {
            try {
                return Files.readString(this.logDir.resolve("console.out"), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /** Processor time the process used so far, all its threads. */
        Duration cpu() {
            return this.process.info().totalCpuDuration().orElseThrow();
        }

        void requireAlive() {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("The consumer exited with " + this.process.exitValue() + ":\n"
                        + console());
            }
        }

        @Override
        public void close() {
            this.process.destroyForcibly();
            try {
                this.process.waitFor(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
