package io.heartbeat.local.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.heartbeat.config.EnvironmentVariables;

import static org.awaitility.Awaitility.await;

/**
 * A service run as its own operating-system process from its executable jar, so a test can kill it for real:
 * {@link #kill()} is SIGKILL, {@link #terminate()} SIGTERM. Its output goes to a file in its working directory.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;

    private final Process process;

    private final Path output;

    private final int httpPort;

    private final Instant startedAt;

    private ServiceProcess(String name, Process process, Path output, int httpPort, Instant startedAt) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.httpPort = httpPort;
        this.startedAt = startedAt;
    }

    /** The executable jar {@code <module>/target/<module>-exec.jar}; fails loudly when it has not been built. */
    static Path executableJar(String module) {
        Path jar = Path.of("..", module, "target", module + "-exec.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the fault tests run the built service. Build it "
                    + "first (./mvnw -B package -DskipTests -pl " + module + ", or a reactor build that includes it)");
        }
        return jar;
    }

    /**
     * Starts {@code java -jar <jar> <arguments>} in {@code workDir} with {@code environment} on top of this JVM's
     * environment, minus every variable the services read, so only the test decides their settings.
     */
    static ServiceProcess start(String name, Path jar, Path workDir, int httpPort, Map<String, String> environment,
            List<String> arguments) {
        // Small and quick to start, as the tests start many JVMs on two cores; throughput is not what they measure.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        EnvironmentVariables.ALL.forEach((variable) -> builder.environment().remove(variable.name()));
        builder.environment().remove("LOG_DIR");
        builder.environment().put("SERVER_PORT", String.valueOf(httpPort));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(workDir);
            Path output = workDir.resolve(name + ".out");
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            Instant startedAt = Instant.now();
            return new ServiceProcess(name, builder.start(), output, httpPort, startedAt);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name + " from " + jar, ex);
        }
    }

    /** Waits until {@code /actuator/health} answers 200; fails at once if the process died meanwhile. */
    ServiceProcess awaitHealthy(Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
                        + " before it was healthy:\n" + output());
            }
            return LocalHttp.status(this.httpPort, "/actuator/health") == 200;
        });
        return this;
    }

    /** A GET on the service's HTTP port. */
    HttpResponse<String> get(String path) {
        return LocalHttp.get(this.httpPort, path);
    }

    int httpPort() {
        return this.httpPort;
    }

    /** When the process was started: the moment before {@code java -jar} was launched. */
    Instant startedAt() {
        return this.startedAt;
    }

    /**
     * SIGKILL: the JVM gets no chance to close anything, commit anything or run a shutdown hook; returns the exit
     * code.
     */
    int kill() {
        this.process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM, the signal an orchestrator stops a container with; returns the exit code. */
    int terminate() {
        this.process.destroy();
        return awaitExit();
    }

    /** SIGSTOP: the whole JVM freezes, its heartbeat thread too, as in a long GC pause or a stalled VM. */
    void freeze() {
        signal("STOP");
    }

    /** SIGCONT: a frozen JVM runs on from where it stopped, unaware of the time that passed. */
    void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(this.process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("Could not send SIG" + name + " to " + this.name);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /** Everything the process wrote to standard output and error so far, with earlier runs of the same name. */
    String output() {
        try {
            return Files.readString(this.output, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every file under {@code directory} (e.g. the service's LOG_DIR), read as text. */
    static String filesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
            return text.toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits for the process to end by itself; returns its exit code. */
    int awaitExit() {
        try {
            if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
                throw new IllegalStateException(this.name + " did not exit within " + EXIT_TIMEOUT);
            }
            return this.process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        if (this.process.isAlive()) {
            kill();
        }
    }
}
